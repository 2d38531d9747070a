using System.Globalization;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Seed;

/// <summary>
/// Deterministic demo records (fixed random seed, so names are stable across runs and tests can rely on them),
/// with a few recognisable people such as Ada Lovelace at Analytical Engines.
/// </summary>
public static class DemoData
{
    private static readonly DateTimeOffset Base = new(2026, 3, 30, 9, 0, 0, TimeSpan.Zero);

    public static void Seed(Portal portal, int contacts, int deals, int randomSeed)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var random = new Random(randomSeed);
        var store = portal.Store;
        var owners = portal.Owners.Where(o => !o.Archived).Select(o => o.Id).ToArray();
        var engines = Create(store, CrmObjectType.Companies, Base.AddDays(-400), ("name", "Analytical Engines"), ("domain", "analyticalengines.example"),
            ("city", "London"), ("industry", "COMPUTER_SOFTWARE"), ("hubspot_owner_id", owners[0]));
        var companyIds = new List<long> { engines.Id };
        var companyNames = new List<(string Name, string Domain)> { ("Analytical Engines", "analyticalengines.example") };
        for (var i = 0; i < Math.Max(1, contacts / 10); i++)
        {
            var name = $"{Pick(random, Names.CompanyStems)} {Pick(random, Names.CompanySuffixes)}";
            var domain = new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray()) + ".example";
            var company = Create(store, CrmObjectType.Companies, Base.AddDays(-random.Next(30, 400)), ("name", name), ("domain", domain),
                ("city", Pick(random, Names.Cities)), ("industry", Pick(random, Names.Industries)), ("hubspot_owner_id", Pick(random, owners)));
            companyIds.Add(company.Id);
            companyNames.Add((name, domain));
        }

        var contactIds = new List<long>();
        (string First, string Last, string Email, string Company, string Title, string Stage)[] famous =
        [
            ("Ada", "Lovelace", "ada@example.com", "Analytical Engines", "Lead Programmer", "customer"),
            ("Charles", "Babbage", "charles.babbage@analyticalengines.example", "Analytical Engines", "Founder", "customer"),
            ("Grace", "Hopper", "grace.hopper@example.com", "Compiler Works", "Rear Admiral of Software", "opportunity"),
            ("Alan", "Turing", "alan.turing@example.com", "Bletchley Computing", "Head of Research", "salesqualifiedlead"),
            ("Katherine", "Johnson", "katherine.johnson@example.com", "Langley Orbits", "Mathematician", "lead"),
        ];
        foreach (var (person, index) in famous.Take(contacts).Select((p, i) => (p, i)))
        {
            var company = person.Company == "Analytical Engines" ? engines.Id : (long?)null;
            var record = Create(store, CrmObjectType.Contacts, Base.AddDays(-300 + index), [("firstname", person.First), ("lastname", person.Last),
                ("email", person.Email), ("company", person.Company), ("jobtitle", person.Title), ("lifecyclestage", person.Stage),
                ("phone", $"+44 20 7946 00{index:00}"), ("city", "London"), ("hubspot_owner_id", owners[index % owners.Length])],
                company is { } c ? [new AssociationRequest(c, AssociationTypes.Default("contact", "company")!)] : []);
            contactIds.Add(record.Id);
        }

        for (var i = famous.Length; i < contacts; i++)
        {
            var first = Pick(random, Names.First);
            var last = Pick(random, Names.Last);
            var companyIndex = random.Next(companyIds.Count);
            var (companyName, domain) = companyNames[companyIndex];
            var record = Create(store, CrmObjectType.Contacts, Base.AddDays(-random.Next(0, 365)).AddMinutes(i),
                [("firstname", first), ("lastname", last), ("email", $"{first}.{last}.{i}@{domain}".ToLowerInvariant()),
                ("company", companyName), ("jobtitle", Pick(random, Names.JobTitles)), ("lifecyclestage", Pick(random, Names.LifecycleStages)),
                ("phone", string.Create(CultureInfo.InvariantCulture, $"+44 161 496 {random.Next(0, 10000):0000}")), ("city", Pick(random, Names.Cities)),
                ("hubspot_owner_id", Pick(random, owners))],
                [new AssociationRequest(companyIds[companyIndex], AssociationTypes.Default("contact", "company")!)]);
            contactIds.Add(record.Id);
        }

        SeedDeals(portal, random, deals, contactIds, owners);
        SeedActivities(portal, contactIds, owners);
    }

    private static void SeedDeals(Portal portal, Random random, int deals, List<long> contactIds, string[] owners)
    {
        if (contactIds.Count == 0)
        {
            return;
        }

        for (var i = 0; i < deals; i++)
        {
            var pipeline = i % 5 == 4 ? portal.Pipelines[1] : portal.Pipelines[0];
            var stages = pipeline.Stages.Where(s => !s.Archived).ToArray();
            var stage = stages[random.Next(stages.Length)];
            // The first deal belongs to Ada so demos can show a contact with a deal.
            var contactId = i == 0 ? contactIds[0] : contactIds[random.Next(contactIds.Count)];
            var contact = portal.Store.Get(CrmObjectType.Contacts, contactId)!;
            var name = i == 0 ? "Analytical Engines - Difference Engine No. 2" : $"{contact.Get("company")} - {Pick(random, Names.DealProducts)}";
            Create(portal.Store, CrmObjectType.Deals, Base.AddDays(-random.Next(0, 200)).AddMinutes(i),
                [("dealname", name), ("amount", (random.Next(10, 500) * 100).ToString(CultureInfo.InvariantCulture)),
                ("closedate", Stamp(Base.AddDays(random.Next(-60, 120)))), ("pipeline", pipeline.Id), ("dealstage", stage.Id),
                ("hs_is_closed", stage.Metadata["isClosed"]), ("hs_deal_stage_probability", stage.Metadata["probability"]),
                ("dealtype", random.Next(2) == 0 ? "newbusiness" : "existingbusiness"), ("hubspot_owner_id", Pick(random, owners))],
                [new AssociationRequest(contactId, AssociationTypes.Default("deal", "contact")!)]);
        }
    }

    private static void SeedActivities(Portal portal, List<long> contactIds, string[] owners)
    {
        if (contactIds.Count == 0)
        {
            return;
        }

        var ada = contactIds[0];
        Create(portal.Store, CrmObjectType.Notes, Base.AddDays(-3), [("hs_timestamp", Stamp(Base.AddDays(-3))),
            ("hs_note_body", "Discussed the Bernoulli numbers programme; Ada wants a follow-up demo."), ("hubspot_owner_id", owners[0])],
            [new AssociationRequest(ada, AssociationTypes.Default("note", "contact")!)]);
        Create(portal.Store, CrmObjectType.Tasks, Base.AddDays(-2), [("hs_timestamp", Stamp(Base.AddDays(5))), ("hs_task_subject", "Send Ada the engine specification"),
            ("hs_task_status", "NOT_STARTED"), ("hs_task_priority", "HIGH"), ("hs_task_type", "TODO"), ("hubspot_owner_id", owners[0])],
            [new AssociationRequest(ada, AssociationTypes.Default("task", "contact")!)]);
        Create(portal.Store, CrmObjectType.Calls, Base.AddDays(-1), [("hs_timestamp", Stamp(Base.AddDays(-1))), ("hs_call_title", "Intro call with Ada"),
            ("hs_call_body", "Walked through pricing."), ("hs_call_direction", "OUTBOUND"), ("hs_call_duration", "900000"), ("hs_call_status", "COMPLETED"),
            ("hubspot_owner_id", owners[1 % owners.Length])],
            [new AssociationRequest(ada, AssociationTypes.Default("call", "contact")!)]);
        Create(portal.Store, CrmObjectType.Meetings, Base, [("hs_timestamp", Stamp(Base.AddDays(7))), ("hs_meeting_title", "Engine demo"),
            ("hs_meeting_start_time", Stamp(Base.AddDays(7))), ("hs_meeting_end_time", Stamp(Base.AddDays(7).AddHours(1))), ("hs_meeting_outcome", "SCHEDULED"),
            ("hubspot_owner_id", owners[0])],
            [new AssociationRequest(ada, AssociationTypes.Default("meeting", "contact")!)]);
    }

    private static CrmRecord Create(ObjectStore store, CrmObjectType type, DateTimeOffset at, params (string Name, string Value)[] properties) =>
        Create(store, type, at, properties, []);

    private static CrmRecord Create(ObjectStore store, CrmObjectType type, DateTimeOffset at, (string Name, string Value)[] properties, AssociationRequest[] associations) =>
        store.Create(type, properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal), associations, at).Record
            ?? throw new InvalidOperationException($"Seeding a {type.Singular} failed (duplicate email or missing association target).");

    private static string Stamp(DateTimeOffset at) => ObjectStore.Timestamp(at);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
