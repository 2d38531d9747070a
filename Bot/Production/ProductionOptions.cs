namespace HubSpotTeamsBot.Production;

/// <summary>Section "Production": checks that only apply when the app runs in the Production environment.</summary>
public sealed class ProductionOptions
{
    public const string SectionName = "Production";

    /// <summary>
    /// Test-only switch: lets a Production process talk to local stand-ins (HubSpot sandbox, Graph stub) over plain
    /// http or on other hosts. The deployment template never writes it; the production-settings test adds it and says so.
    /// </summary>
    public bool AllowTestEndpoints { get; set; }
}
