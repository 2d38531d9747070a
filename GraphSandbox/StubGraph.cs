using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GraphSandbox;

/// <summary>A local stand-in for the Microsoft Graph v1.0 subset the bot reads (users, groups, transitive
/// membership, directory roles). Pages hold <see cref="PageSize"/> items so every client path follows
/// @odata.nextLink; <see cref="Unavailable"/> and <see cref="FailNextRequests"/> simulate an outage. Used by the
/// tests (in process) and by ./run.sh (this project's Program), never by production.</summary>
public sealed class StubGraph
{
    public const int PageSize = 2;

    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private int failuresLeft;

    /// <summary>The data served; tests add and change users, groups and roles at any time.</summary>
    public StubDirectory Directory { get; } = new();

    /// <summary>While true every request gets 503 serviceNotAvailable, as during a Graph outage.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Every answer waits this long first, to show a hanging Graph hits the client's timeout.</summary>
    public TimeSpan ResponseDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The next <paramref name="count"/> requests get 503 (with Retry-After: 0), then service resumes.</summary>
    public void FailNextRequests(int count) => Interlocked.Exchange(ref failuresLeft, count);

    /// <summary>Requests answered per kind: user, users, groups, transitiveMemberOf, directoryRoles, directoryRoleMembers;
    /// "unavailable" counts requests refused with 503.</summary>
    public int RequestCount(string kind) => counts.GetValueOrDefault(kind);

    public int TotalRequests => counts.Values.Sum();

    /// <summary>Maps the Graph v1.0 routes (under /v1.0) and the outage switches onto <paramref name="app"/>.</summary>
    public void MapTo(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay, context.RequestAborted);
            }

            if (Unavailable || TakeFailure())
            {
                Count("unavailable");
                context.Response.Headers.RetryAfter = "0";
                await WriteError(context, StatusCodes.Status503ServiceUnavailable, "serviceNotAvailable", "Service unavailable (stub outage).");
                return;
            }

            await next(context);
        });

        var v1 = app.MapGroup("/v1.0");
        v1.MapGet("/users/{key}", (string key, HttpContext context) =>
        {
            Count("user");
            if (!Guid.TryParse(key, out _) && !key.Contains('@', StringComparison.Ordinal))
            {
                return WriteError(context, 400, "Request_BadRequest", $"Invalid object identifier '{key}'.");
            }

            var user = Directory.FindUser(key);
            return user is null
                ? WriteError(context, 404, "Request_ResourceNotFound", $"Resource '{key}' does not exist.")
                : WriteJson(context, UserJson(user));
        });

        v1.MapGet("/users", (HttpContext context) =>
        {
            Count("users");
            var filter = StubFilter.Parse(context.Request.Query["$filter"]);
            if (filter is null || !(filter.Property is "mail" or "userPrincipalName") || filter.StartsWith)
            {
                return UnsupportedFilter(context);
            }

            var users = Directory.UsersWhere(u => filter.Matches("mail", u.Mail) || filter.Matches("userPrincipalName", u.UserPrincipalName));
            return WritePage(context, users.Select(UserJson));
        });

        v1.MapGet("/groups", (HttpContext context) =>
        {
            Count("groups");
            var filter = StubFilter.Parse(context.Request.Query["$filter"]);
            if (filter is null || filter.Property != "displayName")
            {
                return UnsupportedFilter(context);
            }

            return WritePage(context, Directory.GroupsWhere(g => filter.Matches("displayName", g.DisplayName)).Select(GroupJson));
        });

        v1.MapGet("/users/{key}/transitiveMemberOf/{cast}", (string key, string cast, HttpContext context) =>
        {
            Count("transitiveMemberOf");
            if (cast is not ("graph.group" or "microsoft.graph.group"))
            {
                return WriteError(context, 400, "Request_BadRequest", $"Unsupported cast '{cast}'.");
            }

            var user = Directory.FindUser(key);
            return user is null
                ? WriteError(context, 404, "Request_ResourceNotFound", $"Resource '{key}' does not exist.")
                : WritePage(context, Directory.TransitiveGroupsOf(user.Id).Select(GroupJson));
        });

        v1.MapGet("/directoryRoles", (HttpContext context) =>
        {
            Count("directoryRoles");
            var filter = StubFilter.Parse(context.Request.Query["$filter"]);
            if (filter is null || filter.Property != "roleTemplateId" || filter.StartsWith)
            {
                return UnsupportedFilter(context);
            }

            return WritePage(context, Directory.RolesWhere(r => filter.Matches("roleTemplateId", r.RoleTemplateId)).Select(r => new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.directoryRole",
                ["id"] = r.Id,
                ["displayName"] = r.DisplayName,
                ["roleTemplateId"] = r.RoleTemplateId,
            }));
        });

        v1.MapGet("/directoryRoles/{id}/members", (string id, HttpContext context) =>
        {
            Count("directoryRoleMembers");
            if (Directory.RolesWhere(r => r.Id == id).Count == 0)
            {
                return WriteError(context, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
            }

            return WritePage(context, Directory.RoleMembers(id).Select(m => new JsonObject
            {
                ["@odata.type"] = m.ODataType,
                ["id"] = m.Id,
                ["displayName"] = m.DisplayName,
            }));
        });
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref failuresLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref failuresLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private void Count(string kind) => counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static JsonObject UserJson(StubUser u) => new()
    {
        ["@odata.type"] = "#microsoft.graph.user",
        ["id"] = u.Id,
        ["displayName"] = u.DisplayName,
        ["userPrincipalName"] = u.UserPrincipalName,
        ["mail"] = u.Mail,
        ["userType"] = u.UserType,
    };

    private static JsonObject GroupJson(StubGroup g) => new()
    {
        ["@odata.type"] = "#microsoft.graph.group",
        ["id"] = g.Id,
        ["displayName"] = g.DisplayName,
    };

    // Graph pages with an opaque $skiptoken in an absolute @odata.nextLink; here the token is the next offset.
    private static Task WritePage(HttpContext context, IEnumerable<JsonObject> items)
    {
        var all = items.ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var s) ? s : 0;
        var page = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(PageSize)]) };
        if (skip + PageSize < all.Count)
        {
            var query = context.Request.Query.Where(q => q.Key != "$skiptoken")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"%24skiptoken={skip + PageSize}");
            page["@odata.nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}?{string.Join('&', query)}";
        }

        return WriteJson(context, page);
    }

    private static Task UnsupportedFilter(HttpContext context) =>
        WriteError(context, 400, "Request_UnsupportedQuery", $"Unsupported query: $filter={context.Request.Query["$filter"]}");

    private static Task WriteJson(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task WriteError(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return WriteJson(context, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }
}
