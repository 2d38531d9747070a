using System.Globalization;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Seed;

/// <summary>Creates portals with HubSpot-like owners, pipelines and property definitions (records come from DemoData).</summary>
public static class PortalFactory
{
    private static readonly DateTimeOffset SetupDate = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public static Portal Create(long id, string name, string hubDomain, bool isDemo = false, string uiDomain = "app.hubspot.com",
        string dataHostingLocation = "na1", string timeZone = "Europe/London", string currency = "GBP",
        string customProperties = CustomProperties.None)
    {
        var owners = Owners();
        var pipelines = Pipelines();
        return new Portal
        {
            Id = id,
            IsDemo = isDemo,
            Name = name,
            HubDomain = hubDomain,
            UiDomain = uiDomain,
            DataHostingLocation = dataHostingLocation,
            TimeZone = timeZone,
            Currency = currency,
            Owners = owners,
            Pipelines = pipelines,
            Properties = PropertyCatalogue.Build(owners, pipelines, customProperties),
            Store = new ObjectStore(firstId: 1001),
        };
    }

    /// <summary>The Microsoft demo-tenant people, so Teams users of the Playground map to owners by email.</summary>
    private static List<Owner> Owners()
    {
        var sales = new OwnerTeam("3001", "Sales", Primary: true);
        var success = new OwnerTeam("3002", "Customer Success", Primary: true);
        (string First, string Last, string Email, OwnerTeam Team, bool Archived)[] people =
        [
            ("Megan", "Bowen", "meganb@contoso.com", sales, false),
            ("Alex", "Wilber", "alexw@contoso.com", sales, false),
            ("Adele", "Vance", "adelev@contoso.com", success, false),
            ("Nestor", "Wilke", "nestorw@contoso.com", sales, false),
            ("Larry", "Brown", "labrown@fabrikam.com", success, false),
            ("Isaiah", "Langer", "isaiahl@contoso.com", sales, true),
        ];
        return people.Select((p, i) => new Owner
        {
            Id = (70_000_001 + i).ToString(CultureInfo.InvariantCulture),
            Email = p.Email,
            FirstName = p.First,
            LastName = p.Last,
            UserId = 9_000_001 + i,
            UserIdIncludingInactive = 9_000_001 + i,
            Teams = [p.Team],
            Archived = p.Archived,
            CreatedAt = SetupDate,
            UpdatedAt = SetupDate.AddDays(i),
        }).ToList();
    }

    private static List<Pipeline> Pipelines()
    {
        (string Id, string Label, string Probability, bool Closed)[] sales =
        [
            ("appointmentscheduled", "Appointment Scheduled", "0.2", false),
            ("qualifiedtobuy", "Qualified To Buy", "0.4", false),
            ("presentationscheduled", "Presentation Scheduled", "0.6", false),
            ("decisionmakerboughtin", "Decision Maker Bought-In", "0.8", false),
            ("contractsent", "Contract Sent", "0.9", false),
            ("closedwon", "Closed Won", "1.0", true),
            ("closedlost", "Closed Lost", "0.0", true),
        ];
        (string Id, string Label, string Probability, bool Closed)[] renewals =
        [
            ("1100001", "Renewal due", "0.5", false),
            ("1100002", "Negotiation", "0.7", false),
            ("1100003", "Renewed", "1.0", true),
            ("1100004", "Churned", "0.0", true),
        ];
        return
        [
            Pipeline("default", "Sales Pipeline", 0, sales, archivedStage: null),
            Pipeline("1100000", "Renewals", 1, renewals, archivedStage: ("1100009", "Legacy review (archived)")),
        ];
    }

    private static Pipeline Pipeline(string id, string label, int order, (string Id, string Label, string Probability, bool Closed)[] stages,
        (string Id, string Label)? archivedStage)
    {
        var list = stages.Select((s, i) => new PipelineStage
        {
            Id = s.Id,
            Label = s.Label,
            DisplayOrder = i,
            Metadata = new Dictionary<string, string> { ["isClosed"] = s.Closed ? "true" : "false", ["probability"] = s.Probability },
            CreatedAt = SetupDate,
            UpdatedAt = SetupDate,
        }).ToList();
        if (archivedStage is { } a)
        {
            list.Add(new PipelineStage
            {
                Id = a.Id, Label = a.Label, DisplayOrder = list.Count, Archived = true,
                Metadata = new Dictionary<string, string> { ["isClosed"] = "false", ["probability"] = "0.1" },
                CreatedAt = SetupDate, UpdatedAt = SetupDate,
            });
        }

        return new Pipeline { Id = id, Label = label, DisplayOrder = order, Stages = list, CreatedAt = SetupDate, UpdatedAt = SetupDate };
    }
}
