using System.Globalization;
using System.Text;
using System.Xml;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// A small SVG writer over <see cref="XmlWriter"/>, so every text and attribute is escaped. Styling is
/// by presentation attributes only (no <c>style</c>): the page inlines these pictures under a
/// Content-Security-Policy without <c>'unsafe-inline'</c>.
/// </summary>
internal sealed class Svg
{
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
    private const string Namespace = "http://www.w3.org/2000/svg";
    private readonly StringBuilder text = new();
    private readonly XmlWriter xml;

    public Svg(double width, double height, string title)
    {
        xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false });
        xml.WriteStartElement("svg", Namespace);
        Attributes([("width", width), ("height", height), ("viewBox", $"0 0 {Number(width)} {Number(height)}"), ("role", "img"),
            ("font-family", FontFamily), ("font-size", 12), ("fill", Palette.Ink)]);
        Add("title", title);
        Element("rect", ("width", width), ("height", height), ("fill", Palette.Paper));
    }

    /// <summary>Opens an element; <see cref="Close"/> ends it. Null attribute values are left out.</summary>
    public Svg Open(string name, params (string Name, object? Value)[] attributes)
    {
        xml.WriteStartElement(name, Namespace);
        Attributes(attributes);
        return this;
    }

    public Svg Close()
    {
        xml.WriteEndElement();
        return this;
    }

    /// <summary>An element without content.</summary>
    public Svg Element(string name, params (string Name, object? Value)[] attributes) => Open(name, attributes).Close();

    /// <summary>An element holding <paramref name="content"/> as (escaped) text.</summary>
    public Svg Add(string name, string content, params (string Name, object? Value)[] attributes)
    {
        Open(name, attributes);
        xml.WriteString(content);
        return Close();
    }

    /// <summary>A text at (x, y); <paramref name="anchor"/> start, middle or end.</summary>
    public Svg Text(double x, double y, string content, double size = 12, string anchor = "start", string? fill = null, string? weight = null) =>
        Add("text", content, ("x", x), ("y", y), ("font-size", size), ("text-anchor", anchor == "start" ? null : anchor), ("fill", fill), ("font-weight", weight));

    /// <summary>A rough width of <paramref name="content"/> at <paramref name="size"/> px in a system sans-serif, to decide what fits.</summary>
    public static double Width(string content, double size) => content.Length * size * 0.6;

    /// <summary>Ends the document and returns it; the writer is done.</summary>
    public string Finish()
    {
        xml.WriteEndElement();
        xml.Flush();
        return text.ToString();
    }

    public static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private void Attributes(IEnumerable<(string Name, object? Value)> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                xml.WriteAttributeString(name, value switch
                {
                    double d => Number(d),
                    int i => i.ToString(CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                });
            }
        }
    }
}
