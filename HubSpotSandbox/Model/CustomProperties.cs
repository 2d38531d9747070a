namespace HubSpotSandbox.Model;

/// <summary>
/// Properties a portal's admins added themselves (hubspotDefined false), per profile so seeded portals differ the way
/// real ones do: the North-America demo sells products by region, the EU demo asks for a language and a contract term,
/// and the "full" test profile adds a required property of every type a form has to handle.
/// </summary>
public static class CustomProperties
{
    public const string None = "none";
    public const string Demo = "demo";
    public const string Eu = "eu";
    public const string Full = "full";

    public static readonly IReadOnlyList<string> Profiles = [None, Demo, Eu, Full];

    /// <summary>The profile's custom properties by object type (contacts, deals).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PropertyDefinition>> For(string profile) => profile switch
    {
        Demo => new Dictionary<string, IReadOnlyList<PropertyDefinition>>
        {
            ["contacts"] = [Region(), LeadSource(required: false)],
            ["deals"] = [ProductLine(), Date("renewal_date", "Renewal date"), Number("seats", "Seats")],
        },
        Eu => new Dictionary<string, IReadOnlyList<PropertyDefinition>>
        {
            ["contacts"] = [Enum("preferred_language", "Preferred language", "select", ["English", "Deutsch", "Français", "Español"]), Text("vat_number", "VAT number")],
            ["deals"] = [Number("contract_term_months", "Contract term (months)")],
        },
        Full => new Dictionary<string, IReadOnlyList<PropertyDefinition>>
        {
            ["contacts"] =
            [
                Region(), LeadSource(required: true), Number("employee_count", "Employee count"), Date("first_contact_date", "First contact date"),
                Text("linkedin_handle", "LinkedIn handle"), Text("about", "About", "textarea"),
                Make("newsletter", "Newsletter", "bool", "booleancheckbox") with { Options = [new("Yes", "true", 0), new("No", "false", 1)] },
                Enum("interests", "Interests", "checkbox", ["Hardware", "Software", "Services", "Training"]),
            ],
            ["deals"] =
            [
                ProductLine(), Date("renewal_date", "Renewal date"), Number("seats", "Seats") with { RequiredOnCreate = true },
                Text("competitor", "Competitor"), Make("next_step_at", "Next step", "datetime", "date"),
            ],
        },
        _ => new Dictionary<string, IReadOnlyList<PropertyDefinition>>(),
    };

    private static PropertyDefinition Region() =>
        Enum("region", "Region", "select", ["North", "South", "East", "West", "Central"]);

    private static PropertyDefinition LeadSource(bool required) =>
        Enum("lead_source", "Lead source", "radio", ["Trade show", "Referral", "Website", "Cold call", "Partner"]) with { RequiredOnCreate = required };

    private static PropertyDefinition ProductLine() =>
        Enum("product_line", "Product line", "select", ["Analytical Engine", "Difference Engine", "Support plan"]);

    private static PropertyDefinition Text(string name, string label, string fieldType = "text") => Make(name, label, "string", fieldType);

    private static PropertyDefinition Number(string name, string label) => Make(name, label, "number", "number");

    private static PropertyDefinition Date(string name, string label) => Make(name, label, "date", "date");

    /// <summary>Option values are the labels in snake case, as HubSpot suggests when an admin types the labels.</summary>
    private static PropertyDefinition Enum(string name, string label, string fieldType, IReadOnlyList<string> labels) =>
        Make(name, label, "enumeration", fieldType) with
        {
            Options = labels.Select((l, i) => new PropertyOption(l, Value(l), i)).ToList(),
        };

    public static string Value(string label) =>
        string.Join('_', label.ToLowerInvariant().Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries));

    private static PropertyDefinition Make(string name, string label, string type, string fieldType) =>
        new()
        {
            Name = name,
            Label = label,
            Type = type,
            FieldType = fieldType,
            GroupName = "custom_properties",
            HubspotDefined = false,
            ModificationMetadata = new PropertyModificationMetadata(true, false, false, type == "enumeration" ? false : null),
        };
}
