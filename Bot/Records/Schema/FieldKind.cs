namespace HubSpotTeamsBot.Records.Schema;

/// <summary>How a form asks for a property's value, from its HubSpot type and fieldType.</summary>
public enum FieldKind
{
    Text,
    TextArea,
    Number,
    Date,
    DateTime,
    Boolean,
    Select,
    MultiSelect,
    Phone,
    Email,
}
