using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.HubSpot;

public class HubSpotErrorsTests
{
    [Fact]
    public void Validation_error_maps_each_field_from_errors_in()
    {
        const string body = """
            {"status":"error","message":"Property values were not valid","category":"VALIDATION_ERROR","correlationId":"c-1",
             "errors":[{"message":"Email is not valid","in":"email","code":"INVALID_EMAIL"},
                       {"message":"Unknown option","code":"INVALID_OPTION","context":{"propertyName":["lifecyclestage"]}}]}
            """;

        var error = Assert.IsType<HubSpotValidationException>(HubSpotErrors.FromBody(400, body, null, null));

        Assert.Equal("Email is not valid", error.FieldErrors["email"]);
        Assert.Equal("Unknown option", error.FieldErrors["lifecyclestage"]);
        Assert.Equal("INVALID_EMAIL", error.FieldCodes["email"]);
        Assert.Equal("INVALID_OPTION", error.FieldCodes["lifecyclestage"]);
        Assert.Equal("VALIDATION_ERROR", error.Category);
        Assert.Equal("c-1", error.CorrelationId);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void Validation_error_reads_the_list_hubspot_embeds_in_the_message()
    {
        const string body = """
            {"status":"error","category":"VALIDATION_ERROR","correlationId":"c-2",
             "message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Lead is not a valid option\",\"error\":\"INVALID_OPTION\",\"name\":\"lifecyclestage\"}]"}
            """;

        var error = Assert.IsType<HubSpotValidationException>(HubSpotErrors.FromBody(400, body, null, null));

        Assert.Equal("Lead is not a valid option", error.FieldErrors["lifecyclestage"]);
    }

    [Fact]
    public void Conflict_carries_the_existing_id()
    {
        const string body = """{"status":"error","message":"Contact already exists. Existing ID: 12345","category":"CONFLICT","correlationId":"c-3"}""";

        var error = Assert.IsType<HubSpotConflictException>(HubSpotErrors.FromBody(409, body, null, null));

        Assert.Equal("12345", error.ExistingId);
    }

    [Fact]
    public void Header_correlation_id_wins_over_the_body()
    {
        var error = HubSpotErrors.FromBody(404, """{"message":"not found","correlationId":"from-body"}""", "from-header", null);

        Assert.IsType<HubSpotNotFoundException>(error);
        Assert.Equal("from-header", error.CorrelationId);
    }

    [Fact]
    public void Forbidden_with_missing_scopes_lists_them()
    {
        const string body = """{"status":"error","message":"This app hasn't been granted all required scopes","category":"MISSING_SCOPES","context":{"missingScopes":["crm.objects.deals.write"]}}""";

        var error = Assert.IsType<HubSpotMissingScopesException>(HubSpotErrors.FromBody(403, body, null, null));

        Assert.Equal(["crm.objects.deals.write"], error.MissingScopes);
    }

    [Fact]
    public void Forbidden_without_scopes_is_an_auth_error()
    {
        Assert.IsType<HubSpotAuthException>(HubSpotErrors.FromBody(403, """{"message":"no"}""", null, null));
    }

    [Fact]
    public void Rate_limit_keeps_policy_and_retry_after()
    {
        const string body = """{"status":"error","message":"You have reached your ten secondly limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}""";

        var error = Assert.IsType<HubSpotRateLimitedException>(HubSpotErrors.FromBody(429, body, null, TimeSpan.FromSeconds(4)));

        Assert.Equal("TEN_SECONDLY_ROLLING", error.PolicyName);
        Assert.Equal(TimeSpan.FromSeconds(4), error.RetryAfter);
    }

    [Fact]
    public void Search_throttling_without_policy_name_is_secondly()
    {
        var error = Assert.IsType<HubSpotRateLimitedException>(
            HubSpotErrors.FromBody(429, """{"status":"error","message":"You have reached your secondly limit."}""", null, null));

        Assert.Equal("SECONDLY", error.PolicyName);
    }

    [Theory]
    [InlineData("""{"error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked","status":"BAD_REFRESH_TOKEN"}""")]
    [InlineData("""{"error":"invalid_request","status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token"}""")]
    public void Refused_refresh_token_is_an_invalid_grant(string body)
    {
        var error = Assert.IsType<HubSpotAuthException>(HubSpotErrors.FromBody(400, body, null, null));

        Assert.True(error.IsInvalidGrant);
    }

    [Fact]
    public void Other_oauth_errors_are_not_invalid_grant()
    {
        var error = Assert.IsType<HubSpotAuthException>(HubSpotErrors.FromBody(400, """{"error":"invalid_client","status":"BAD_CLIENT_ID"}""", null, null));

        Assert.False(error.IsInvalidGrant);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(423)]
    [InlineData(477)]
    public void Gateway_html_or_lock_is_unavailable(int status)
    {
        var error = Assert.IsType<HubSpotUnavailableException>(HubSpotErrors.FromBody(status, "<html>Bad gateway</html>", null, TimeSpan.FromSeconds(2)));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }
}
