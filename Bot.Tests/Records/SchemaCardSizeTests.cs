using System.Text;
using HubSpotTeamsBot.Features.Contacts;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Features.Settings;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records.Schema;

namespace Bot.Tests.Records;

/// <summary>Teams refuses cards over 28 KB: a form with 60 fields, some with long option lists, stays under it.</summary>
public sealed class SchemaCardSizeTests
{
    private const int TeamsLimit = 28 * 1024;

    private static List<SchemaField> SixtyFields() => Enumerable.Range(1, 60).Select(i => (i % 6) switch
    {
        0 => new SchemaField($"custom_choice_{i}", $"Custom choice {i}", FieldKind.Select,
            Enumerable.Range(1, 12).Select(o => new SchemaOption($"Option {o}", $"option_{o}")).ToList()),
        1 => new SchemaField($"custom_number_{i}", $"Custom number {i}", FieldKind.Number, []),
        2 => new SchemaField($"custom_date_{i}", $"Custom date {i}", FieldKind.Date, []),
        3 => new SchemaField($"custom_notes_{i}", $"Custom notes {i}", FieldKind.TextArea, []),
        4 => new SchemaField($"custom_flag_{i}", $"Custom flag {i}", FieldKind.Boolean, [new("Yes", "true"), new("No", "false")]),
        _ => new SchemaField($"custom_text_{i}", $"Custom text {i}", FieldKind.Text, [], Required: true),
    }).ToList();

    [Fact]
    public void A_contact_form_with_sixty_fields_is_under_the_teams_card_limit()
    {
        var fields = SixtyFields();
        var schema = new FormSchema(FormKind.ContactCreate, ["email", .. fields.Select(f => f.Name)], fields.ToDictionary(f => f.Name));
        var options = new ContactFormOptions([], [], [("Megan Bowen (you)", "70000001")], "70000001");
        var values = fields.ToDictionary(f => f.Name, f => (string?)"a typical value of some length");
        var card = ContactForm.Build(FormHost.Dialog, new ContactFormState("s1", values), options, schema: schema);

        var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.Equal(61, card["body"]!.AsArray().Count(e => e?["id"] is not null));
        Assert.True(size < TeamsLimit, $"{size} bytes");
        Assert.Contains(card["body"]!.AsArray(), e => e?["style"]?.GetValue<string>() == "filtered");
    }

    [Fact]
    public void The_settings_card_listing_sixty_properties_is_under_the_teams_card_limit()
    {
        var fields = SixtyFields();
        var card = FormSettingsCard.Build(FormKind.ContactCreate, [.. fields.Take(30).Select(f => f.Name)], fields, isDefault: false);
        var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(size < TeamsLimit, $"{size} bytes");
    }
}
