// Swagger UI for Cimer.Sbrt: sends a change with the ETag of what this page last read.
//
// The response interceptor remembers, per resource (/api/v1/plans/{id}), the latest strong ETag
// the page saw: from a plan in any answer's JSON (id + version), from the ETag header of the
// resource's own URL, and from the Location of a 201. The request interceptor puts it in an
// EMPTY If-Match of a change to that resource; a value the user typed is sent as typed. The
// plugin lets Execute through with If-Match left empty when there is an ETag to fill it with
// (Swagger UI and swagger-client otherwise refuse an empty required field); with none, the field
// stays required.
// OpenApi/OpenApiServices.cs wires these three in.
(function () {
  "use strict";

  var apiPrefix = "/api/v1/";
  var etags = {};

  function pathOf(url) {
    try {
      return new URL(url, window.location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  // "/api/v1/plans/abc/fractions/x" -> "plans/abc": the versioned resource a URL is about.
  function resourceOf(url) {
    var path = pathOf(url);
    if (path.indexOf(apiPrefix) !== 0) {
      return null;
    }

    var segments = path.substring(apiPrefix.length).split("/");
    return segments.length >= 2 && segments[1] ? segments[0] + "/" + segments[1] : null;
  }

  function headerOf(headers, name) {
    if (!headers) {
      return null;
    }

    for (var key in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, key) && key.toLowerCase() === name.toLowerCase()) {
        return { key: key, value: headers[key] };
      }
    }

    return null;
  }

  function isEmpty(value) {
    return value === undefined || value === null || String(value).trim() === "";
  }

  function rememberPlan(body) {
    if (body && typeof body === "object" && !Array.isArray(body)
      && typeof body.id === "string" && typeof body.patientId === "string" && typeof body.version === "number") {
      etags["plans/" + body.id] = "\"" + body.version + "\"";
    }
  }

  function response(res) {
    try {
      if (res && res.status >= 200 && res.status < 300) {
        var body = res.body !== undefined ? res.body : res.obj;
        if (typeof body === "string" && body.charAt(0) === "{") {
          try { body = JSON.parse(body); } catch (e) { body = null; }
        }

        rememberPlan(body);
        var etag = headerOf(res.headers, "etag");
        var location = headerOf(res.headers, "location");
        var key = location ? resourceOf(location.value)
          : (resourceOf(res.url) && pathOf(res.url) === apiPrefix + resourceOf(res.url) ? resourceOf(res.url) : null);
        if (etag && key && /^"[^"]*"$/.test(String(etag.value).trim())) {
          etags[key] = String(etag.value).trim();
        }
      }
    } catch (e) {
      // Never let bookkeeping break the answer.
    }

    return res;
  }

  function request(req) {
    var method = String(req.method || "GET").toUpperCase();
    var key = resourceOf(req.url);
    if (method === "GET" || method === "HEAD" || !key || !etags[key]) {
      return req;
    }

    req.headers = req.headers || {};
    var current = headerOf(req.headers, "If-Match");
    if (current && !isEmpty(current.value)) {
      return req;
    }

    if (current) {
      delete req.headers[current.key];
    }

    req.headers["If-Match"] = etags[key];
    return req;
  }

  // The URL an operation will call, from its path template and the values in its fields.
  function urlOf(pathMethod, values) {
    return pathMethod[0].replace(/\{([^}]+)\}/g, function (all, name) {
      var value = values["path." + name];
      return isEmpty(value) ? all : encodeURIComponent(value);
    });
  }

  function plugin() {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            // swagger-client refuses a required parameter with no value at all; an empty one it sends,
            // and request() above fills it.
            executeRequest: function (original) {
              return function (req) {
                try {
                  var values = req.parameters || {};
                  var key = resourceOf(urlOf([req.pathName, req.method], values));
                  if (Object.prototype.hasOwnProperty.call(values, "header.If-Match") && isEmpty(values["header.If-Match"])
                    && key && etags[key]) {
                    req.parameters = Object.assign({}, values, { "header.If-Match": "" });
                  }
                } catch (e) {
                  // Fall back to Swagger UI's own request.
                }

                return original(req);
              };
            },
            validateParams: function (original, system) {
              return function (pathMethod, isOAS3) {
                try {
                  var values = system.specSelectors.parameterValues(pathMethod).toJS();
                  if (Object.prototype.hasOwnProperty.call(values, "header.If-Match")) {
                    var key = resourceOf(urlOf(pathMethod, values));
                    var fillable = isEmpty(values["header.If-Match"]) && !!key && !!etags[key];
                    system.specActions.updateEmptyParamInclusion(pathMethod, "If-Match", "header", fillable);
                  }
                } catch (e) {
                  // Fall back to Swagger UI's own check.
                }

                return original(pathMethod, isOAS3);
              };
            },
          },
        },
      },
    };
  }

  window.sbrtSwagger = { request: request, response: response, plugin: plugin, etags: etags };
  window.SbrtIfMatchPlugin = plugin;
})();
