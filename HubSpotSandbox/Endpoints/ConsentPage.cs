using System.Text;
using System.Text.Encodings.Web;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Endpoints;

/// <summary>The server-rendered consent page (no external assets) and the error page of the authorize flow.</summary>
internal static class ConsentPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f8fa;color:#33475b;margin:0}
        main{max-width:560px;margin:48px auto;background:#fff;border:1px solid #cbd6e2;border-radius:8px;padding:32px}
        h1{font-size:22px;margin:0 0 4px}.sub{color:#516f90;margin:0 0 24px}
        .banner{background:#fff4e5;border:1px solid #f5c26b;border-radius:4px;padding:8px 12px;font-size:13px;margin-bottom:24px}
        fieldset{border:1px solid #dfe3eb;border-radius:6px;margin:0 0 20px;padding:12px 16px}legend{font-weight:600;padding:0 4px}
        label{display:block;margin:6px 0}ul{margin:4px 0 0;padding-left:20px}li{margin:3px 0}code{background:#eaf0f6;padding:1px 4px;border-radius:3px}
        input[type=email]{width:100%;padding:8px;border:1px solid #cbd6e2;border-radius:4px;box-sizing:border-box}
        .buttons{display:flex;gap:12px;flex-direction:row-reverse}
        button{font-size:15px;padding:10px 20px;border-radius:4px;cursor:pointer;border:1px solid #ff7a59}
        #approve{background:#ff7a59;color:#fff}#deny{background:#fff;color:#ff7a59}.optional{color:#7c98b6;font-size:13px}
        """;

    public static string Render(PendingAuthorization request, string appName, IReadOnlyList<Portal> portals, string userEmail)
    {
        var h = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Connect app - HubSpot sandbox</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>").Append(Style).Append("</style></head><body><main>")
            .Append("<div class=\"banner\">HubSpot <strong>sandbox</strong>: a development stand-in, not HubSpot.</div>")
            .Append("<h1>Connect ").Append(h.Encode(appName)).Append("</h1>")
            .Append("<p class=\"sub\">This app is asking for access to a HubSpot account.</p>")
            .Append("<form method=\"post\" action=\"/oauth/authorize/decision\">")
            .Append("<input type=\"hidden\" name=\"request_id\" value=\"").Append(h.Encode(request.Id)).Append("\">")
            .Append("<fieldset><legend>Account</legend>");
        var first = true;
        foreach (var portal in portals)
        {
            html.Append("<label><input type=\"radio\" name=\"portal\" id=\"portal-").Append(portal.Id).Append("\" value=\"").Append(portal.Id).Append('"')
                .Append(first ? " checked" : "").Append("> ").Append(h.Encode(portal.Name)).Append(" <span class=\"optional\">(")
                .Append(portal.Id).Append(", ").Append(h.Encode(portal.UiDomain)).Append(")</span></label>");
            first = false;
        }

        if (request.PinnedPortalId is null)
        {
            html.Append("<label><input type=\"radio\" name=\"portal\" id=\"portal-new\" value=\"new\"").Append(first ? " checked" : "")
                .Append("> A new empty test account</label>");
        }

        html.Append("</fieldset><fieldset><legend>Signed in as</legend><input type=\"email\" name=\"user_email\" id=\"user-email\" value=\"")
            .Append(h.Encode(userEmail)).Append("\"></fieldset>")
            .Append("<fieldset><legend>Requested access</legend><ul>");
        foreach (var scope in request.RequiredScopes)
        {
            html.Append("<li><code>").Append(h.Encode(scope)).Append("</code> ").Append(h.Encode(Describe(scope))).Append("</li>");
        }

        foreach (var scope in request.OptionalScopes)
        {
            html.Append("<li><code>").Append(h.Encode(scope)).Append("</code> ").Append(h.Encode(Describe(scope)))
                .Append(" <span class=\"optional\">optional</span></li>");
        }

        html.Append("</ul></fieldset><div class=\"buttons\">")
            // Approve comes first in the markup so that Enter submits it; the row is reversed on screen.
            .Append("<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Connect app</button>")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>")
            .Append("</div></form></main></body></html>");
        return html.ToString();
    }

    private static string Describe(string scope) => scope switch
    {
        "oauth" => "Basic account information",
        "crm.objects.contacts.read" => "View contacts, notes, tasks, calls and meetings",
        "crm.objects.contacts.write" => "Create and edit contacts and activities",
        "crm.objects.deals.read" => "View deals",
        "crm.objects.deals.write" => "Create and edit deals",
        "crm.objects.companies.read" => "View companies",
        "crm.objects.companies.write" => "Create and edit companies",
        "crm.objects.owners.read" => "View users and teams (owners)",
        _ => "",
    };

    public static IResult Error(string title, string detail, int status = StatusCodes.Status400BadRequest)
    {
        var h = HtmlEncoder.Default;
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{h.Encode(title)}</title><style>{Style}</style></head>"
            + $"<body><main><div class=\"banner\">HubSpot <strong>sandbox</strong>: a development stand-in, not HubSpot.</div>"
            + $"<h1 id=\"error-title\">{h.Encode(title)}</h1><p id=\"error-detail\">{h.Encode(detail)}</p></main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
