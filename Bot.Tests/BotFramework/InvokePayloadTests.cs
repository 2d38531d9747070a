using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace Bot.Tests.BotFramework;

/// <summary>Issue 19: each invoke value (and card submit) is read into its typed payload, unknown fields kept, and every
/// shape Teams never sends is refused with a sentence naming the field.</summary>
public sealed class InvokePayloadTests
{
    private static InvokePayload Read(string name, string value) =>
        InvokePayloads.Read(JsonSerializer.Deserialize<Activity>($$"""{"type":"invoke","name":"{{name}}","value":{{value}}}""", BotJson.Options)!);

    private static T Good<T>(string name, string value) where T : class
    {
        var payload = Read(name, value);
        Assert.Null(payload.Problem);
        return Assert.IsType<T>(payload.Value);
    }

    [Fact]
    public void A_compose_query_reads_its_command_parameters_page_and_keeps_unknown_fields()
    {
        var query = Good<ComposeQueryValue>("composeExtension/query", """
            {"commandId":"searchContacts","parameters":[{"name":"searchKeyword","value":"acme","future":1}],
             "queryOptions":{"skip":"25","count":10,"hint":"x"},"state":"123456","futureField":{"a":[1]}}
            """);

        Assert.Equal("searchContacts", query.CommandId);
        Assert.Equal("searchKeyword", query.Parameters![0]!.Name);
        Assert.Equal("acme", query.Parameters[0]!.Value);
        Assert.True(query.Parameters[0]!.Extra!.ContainsKey("future"));
        Assert.Equal(25, query.QueryOptions!.Skip);
        Assert.Equal(10, query.QueryOptions.Count);
        Assert.True(query.QueryOptions.Extra!.ContainsKey("hint"));
        Assert.Equal("123456", query.State);
        Assert.Equal(JsonValueKind.Object, query.Extra!["futureField"].ValueKind);
    }

    [Fact]
    public void A_link_a_command_action_a_picked_item_and_a_sign_in_state_are_read()
    {
        Assert.Equal("https://app.hubspot.com/contacts/1/record/0-1/2", Good<ComposeQueryLinkValue>("composeExtension/queryLink", """{"url":"https://app.hubspot.com/contacts/1/record/0-1/2"}""").Url);

        var submit = Good<ComposeActionValue>("composeExtension/submitAction", """
            {"commandId":"logToHubSpot","commandContext":"message","context":{"theme":"dark"},"messagePayload":{"id":"1"},"data":{"kind":"task"},"botMessagePreviewAction":"send"}
            """);
        Assert.Equal("logToHubSpot", submit.CommandId);
        Assert.Equal("message", submit.CommandContext);
        Assert.Equal("1", submit.MessagePayload!["id"]!.GetValue<string>());
        Assert.Equal("task", CardData.Text(submit.Data, "kind"));
        Assert.True(submit.Extra!.ContainsKey("botMessagePreviewAction"));

        Assert.Equal("logToHubSpot", Good<ComposeActionValue>("composeExtension/fetchTask", """{"commandId":"logToHubSpot","commandContext":"commandbox"}""").CommandId);
        Assert.Equal("7", Good<ComposeSelectItemValue>("composeExtension/selectItem", """{"type":"contacts","id":"7"}""").Data["id"]!.GetValue<string>());
        Assert.Equal("code", Good<SignInVerifyStateValue>("signin/verifyState", """{"state":"code"}""").State);
        Assert.Null(Good<SignInVerifyStateValue>("signin/verifyState", "{}").State);
    }

    [Fact]
    public void Dialog_card_action_and_typeahead_values_are_read_with_the_card_data_kept_whole()
    {
        var task = Good<TaskModuleValue>("task/submit", """{"data":{"verb":"deal.create","dealname":"Big","msteams":{"type":"task/fetch"}},"context":{"theme":"default"}}""");
        Assert.Equal("deal.create", task.Verb);
        Assert.Equal("Big", CardData.Text(task.Data, "dealname"));
        Assert.NotNull(task.Data!["msteams"]);

        var action = Good<AdaptiveCardActionValue>("adaptiveCard/action", """{"action":{"type":"Action.Execute","id":"a1","verb":"save","data":{"x":"1"}},"trigger":"automatic"}""");
        Assert.Equal("save", action.Action!.Verb);
        Assert.Equal("a1", action.Action.Id);
        Assert.Equal("1", CardData.Text(action.Action.Data, "x"));
        Assert.Equal("automatic", action.Trigger);

        var search = Good<ApplicationSearchValue>("application/search", """{"queryText":"ada","dataset":"contacts","queryOptions":{"skip":0,"top":15}}""");
        Assert.Equal(("ada", "contacts", 15), (search.QueryText, search.Dataset, search.QueryOptions!.Top));
    }

    [Fact]
    public void A_card_submit_reads_its_verb_and_fields()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""{"type":"message","value":{"verb":"role.grant","principalId":"p1","confirm":true,"n":3}}""", BotJson.Options)!;

        var submit = Assert.IsType<CardSubmitValue>(InvokePayloads.Read(activity).Value);

        Assert.Equal("role.grant", submit.Verb);
        Assert.Equal("p1", submit.Text("principalId"));
        Assert.Null(submit.Text("n"));
        Assert.True(submit.Has("confirm"));
        Assert.False(submit.Has("missing"));
    }

    public static TheoryData<string, string, string> BadShapes => new()
    {
        { "composeExtension/query", "\"acme\"", "must be a JSON object" },
        { "composeExtension/query", "[]", "must be a JSON object" },
        { "composeExtension/query", "null", "must be a JSON object" },
        { "composeExtension/query", """{"commandId":42}""", "'commandId' has the wrong type" },
        { "composeExtension/query", """{"parameters":[]}""", "'commandId' is missing" },
        { "composeExtension/query", """{"commandId":"   "}""", "'commandId' is missing" },
        { "composeExtension/query", """{"commandId":"searchContacts","parameters":{"name":"x"}}""", "'parameters' has the wrong type" },
        { "composeExtension/query", """{"commandId":"searchContacts","parameters":["acme"]}""", "'parameters[0]' has the wrong type" },
        { "composeExtension/query", """{"commandId":"searchContacts","parameters":[null]}""", "'parameters[0]' must be an object" },
        { "composeExtension/query", """{"commandId":"searchContacts","parameters":[{"name":"q","value":7}]}""", "'parameters[0].value' has the wrong type" },
        { "composeExtension/query", """{"commandId":"searchContacts","queryOptions":{"skip":"many"}}""", "'queryOptions.skip' has the wrong type" },
        { "composeExtension/query", """{"commandId":"searchContacts","queryOptions":{"count":1e40}}""", "'queryOptions.count' has the wrong type" },
        { "composeExtension/queryLink", "{}", "'url' is missing" },
        { "composeExtension/queryLink", """{"url":["https://x"]}""", "'url' has the wrong type" },
        { "composeExtension/fetchTask", """{"commandContext":"message"}""", "'commandId' is missing" },
        { "composeExtension/submitAction", """{"commandId":"logToHubSpot","data":"text"}""", "'data' has the wrong type" },
        { "composeExtension/submitAction", """{"commandId":"logToHubSpot","messagePayload":[1]}""", "'messagePayload' has the wrong type" },
        { "composeExtension/selectItem", "\"id\"", "must be a JSON object" },
        { "task/fetch", "{}", "'data' must be an object" },
        { "task/fetch", """{"data":"deal.create"}""", "'data' has the wrong type" },
        { "task/submit", """{"data":{"verb":42}}""", "'verb' must be a string" },
        { "task/submit", """{"data":{"verb":"x"},"context":"dark"}""", "'context' has the wrong type" },
        { "adaptiveCard/action", "{}", "'action' is missing" },
        { "adaptiveCard/action", """{"action":["odd"]}""", "'action' has the wrong type" },
        { "adaptiveCard/action", """{"action":{"type":"Action.Submit","verb":"save"}}""", "'action.type' must be Action.Execute" },
        { "adaptiveCard/action", """{"action":{"type":"Action.Execute","verb":{"x":1}}}""", "'action.verb' has the wrong type" },
        { "application/search", """{"queryText":5}""", "'queryText' has the wrong type" },
        { "application/search", """{"queryText":"a","queryOptions":{"top":true}}""", "'queryOptions.top' has the wrong type" },
        { "signin/verifyState", """{"state":123456}""", "'state' has the wrong type" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void A_bad_shape_is_refused_with_a_sentence_naming_the_invoke_and_the_field(string name, string value, string expected)
    {
        var payload = Read(name, value);

        Assert.Null(payload.Value);
        Assert.StartsWith($"The {name} value is not valid: ", payload.Problem, StringComparison.Ordinal);
        Assert.Contains(expected, payload.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_submit_whose_verb_is_not_text_is_refused_and_other_activities_are_not_typed()
    {
        var submit = JsonSerializer.Deserialize<Activity>("""{"type":"message","value":{"verb":["role.grant"]}}""", BotJson.Options)!;
        var text = JsonSerializer.Deserialize<Activity>("""{"type":"message","text":"help","value":5}""", BotJson.Options)!;
        var unknown = JsonSerializer.Deserialize<Activity>("""{"type":"invoke","name":"fileConsent/invoke","value":5}""", BotJson.Options)!;

        Assert.Equal("The card's data is not valid: 'verb' must be a string.", InvokePayloads.Read(submit).Problem);
        Assert.Equal((null, null), (InvokePayloads.Read(text).Value, InvokePayloads.Read(text).Problem));
        Assert.Equal((null, null), (InvokePayloads.Read(unknown).Value, InvokePayloads.Read(unknown).Problem));
    }

    [Fact]
    public void A_value_is_read_once_and_reread_only_when_replaced()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""{"type":"invoke","name":"composeExtension/queryLink","value":{"url":"https://a"}}""", BotJson.Options)!;

        var first = InvokePayloads.Read(activity);
        Assert.Same(first, InvokePayloads.Read(activity));
        activity.Value = System.Text.Json.Nodes.JsonNode.Parse("""{"url":"https://b"}""");

        Assert.Equal("https://b", Assert.IsType<ComposeQueryLinkValue>(InvokePayloads.Read(activity).Value).Url);
    }
}
