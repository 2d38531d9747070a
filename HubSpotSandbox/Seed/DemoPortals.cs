using HubSpotSandbox.Options;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Seed;

/// <summary>Creates the demo portals at start: a seeded North-America portal and a small EU one.</summary>
public static class DemoPortals
{
    public static void Create(SandboxState state, SeedOptions seed)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(seed);
        var demo = PortalFactory.Create(seed.DemoPortalId, "Analytical Engines (demo)", "analytical-engines-demo.com", isDemo: true,
            customProperties: Model.CustomProperties.Demo);
        state.Add(demo);
        DemoData.Seed(demo, seed.Contacts, seed.Deals ?? seed.Contacts / 2, seed.RandomSeed);

        var euContacts = Math.Min(seed.Contacts, 25);
        var eu = PortalFactory.Create(seed.EuDemoPortalId, "Contoso Europe (EU demo)", "contoso-eu-demo.com", isDemo: true,
            uiDomain: "app-eu1.hubspot.com", dataHostingLocation: "eu1", timeZone: "Europe/Berlin", currency: "EUR",
            customProperties: Model.CustomProperties.Eu);
        state.Add(eu);
        DemoData.Seed(eu, euContacts, euContacts / 2, seed.RandomSeed + 1);
    }
}
