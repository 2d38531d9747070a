using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Tests.HubSpot;

public class HubSpotOptionsValidatorTests
{
    private static readonly HubSpotOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(Validator.Validate(null, new HubSpotOptions()).Succeeded);
    }

    [Theory]
    [InlineData("TokenRefreshLease")]
    [InlineData("TokenRefreshWait")]
    public void Zero_refresh_lease_or_wait_names_the_key(string key)
    {
        var options = key == "TokenRefreshLease"
            ? new HubSpotOptions { TokenRefreshLease = TimeSpan.Zero }
            : new HubSpotOptions { TokenRefreshWait = TimeSpan.Zero };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:" + key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api.hubapi.com")]
    [InlineData("/relative")]
    [InlineData("ftp://api.hubapi.com")]
    public void Relative_or_non_http_base_url_names_the_key(string url)
    {
        var result = Validator.Validate(null, new HubSpotOptions { ApiBaseUrl = url });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:ApiBaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("2026-3")]
    [InlineData("2026-13")]
    [InlineData("")]
    public void Api_version_must_look_like_a_month(string version)
    {
        var result = Validator.Validate(null, new HubSpotOptions { ApiVersion = version });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:ApiVersion", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_id_without_secret_names_the_missing_secret()
    {
        var result = Validator.Validate(null, new HubSpotOptions { ClientId = "abc" });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:ClientSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempt_timeout_longer_than_call_timeout_is_refused()
    {
        var result = Validator.Validate(null, new HubSpotOptions { CallTimeout = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromSeconds(2) });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:AttemptTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_rate_limit_is_refused()
    {
        var result = Validator.Validate(null, new HubSpotOptions { RequestsPer10Seconds = 0 });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:RequestsPer10Seconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Oauth_call_without_client_id_says_which_setting_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new HubSpotOptions().RequireClientCredentials());

        Assert.Contains("HubSpot:ClientId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_limit_wait_must_fit_inside_an_attempt()
    {
        var result = Validator.Validate(null, new HubSpotOptions { RateLimitWait = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(2) });

        Assert.True(result.Failed);
        Assert.Contains("HubSpot:RateLimitWait", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_hub_spot_binds_the_section_and_rejects_a_bad_setting_by_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HubSpot:ApiVersion"] = "2026-09",
            ["HubSpot:RequestsPer10Seconds"] = "190",
            ["HubSpot:CallTimeout"] = "00:00:04",
        }).Build();
        using var good = new ServiceCollection().AddLogging().AddHubSpot(configuration).BuildServiceProvider();
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HubSpot:ApiBaseUrl"] = "not a url" }).Build();
        using var broken = new ServiceCollection().AddLogging().AddHubSpot(bad).BuildServiceProvider();

        var options = good.GetRequiredService<IOptions<HubSpotOptions>>().Value;
        var error = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<HubSpotOptions>>().Value);

        Assert.Equal("2026-09", options.ApiVersion);
        Assert.Equal(190, options.RequestsPer10Seconds);
        Assert.Equal(TimeSpan.FromSeconds(4), options.CallTimeout);
        Assert.Contains("HubSpot:ApiBaseUrl", error.Message, StringComparison.Ordinal);
    }
}
