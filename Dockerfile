# syntax=docker/dockerfile:1
# Build:  docker build -t cimer-sbrt .
# Run:    docker run -p 8080:8080 -v cimer-sbrt-data:/data cimer-sbrt

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer survives source edits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Cimer.Sbrt.Scheduling/Cimer.Sbrt.Scheduling.csproj src/Cimer.Sbrt.Scheduling/
COPY src/Cimer.Sbrt.Api/Cimer.Sbrt.Api.csproj src/Cimer.Sbrt.Api/
RUN dotnet restore src/Cimer.Sbrt.Api/Cimer.Sbrt.Api.csproj
COPY src/ src/
RUN dotnet publish src/Cimer.Sbrt.Api/Cimer.Sbrt.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The database and the Data Protection key ring (which encrypts webhook secrets and kept answers
# that show a secret) live on a volume owned by the image's non-root `app` user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Sbrt="Data Source=/data/cimer-sbrt.db" \
    DataProtection__KeysPath=/data/keys
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl: the app itself GETs /health and exits 0 or 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["dotnet", "/app/Cimer.Sbrt.Api.dll", "--health-check"]
ENTRYPOINT ["dotnet", "/app/Cimer.Sbrt.Api.dll"]
