using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>The sandbox's seeded fault plan does what the reliability suite relies on, straight over HTTP.</summary>
public sealed class FaultPlanTests : IAsyncLifetime
{
    private SandboxHost sandbox = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        sandbox = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:Seed:Contacts"] = "5" });
        var tokens = await sandbox.ConnectPortalAsync(SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        api = sandbox.ApiClient(tokens.AccessToken);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await sandbox.DisposeAsync();
    }

    [Theory]
    [InlineData("rate5xxAfterWrite", true)]
    [InlineData("rate5xx", false)]
    public async Task A_5xx_after_the_write_stores_the_record_and_one_before_it_does_not(string fault, bool stored)
    {
        var email = $"plan-{Guid.NewGuid():N}@example.com";
        await sandbox.Admin.SetFaultsAsync(new Dictionary<string, object> { ["seed"] = 3, [fault] = 1.0, ["errorStatusCode"] = 502 });

        using var response = await CreateAsync(email);
        await sandbox.Admin.ClearFaultsAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(stored ? 1 : 0, await CountAsync(email));
    }

    [Fact]
    public async Task A_write_held_back_after_storing_is_stored_though_the_caller_gave_up()
    {
        var email = $"plan-{Guid.NewGuid():N}@example.com";
        await sandbox.Admin.SetFaultsAsync(new { seed = 3, hangAfterWriteRate = 1.0, hangMs = 5_000 });
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateAsync(email, impatient.Token));
        await sandbox.Admin.ClearFaultsAsync();

        Assert.Equal(1, await CountAsync(email));
    }

    [Fact]
    public async Task The_same_seed_draws_the_same_faults_and_reads_never_get_after_write_faults()
    {
        var plan = new { seed = 42, rate429 = 0.2, rate5xx = 0.2, rate5xxAfterWrite = 0.5 };
        await sandbox.Admin.SetFaultsAsync(plan);
        var first = await StatusesOfReadsAsync(30);
        await sandbox.Admin.SetFaultsAsync(plan);
        var second = await StatusesOfReadsAsync(30);
        await sandbox.Admin.ClearFaultsAsync();

        Assert.Equal(first, second);
        Assert.Contains(429, first);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
        // 0.4 of reads fail at most: the after-write share does not apply to a read.
        Assert.True(first.Count(s => s == 200) >= 10, string.Join(",", first));
    }

    [Fact]
    public async Task Rates_adding_up_to_more_than_one_are_refused()
    {
        using var response = await sandbox.Http.PostAsJsonAsync(new Uri("/_sandbox/faults", UriKind.Relative), new { rate429 = 0.6, rate5xx = 0.6 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<int>> StatusesOfReadsAsync(int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await api.GetAsync(new Uri($"/crm/objects/{SandboxHost.ApiVersion}/contacts?limit=1", UriKind.Relative));
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }

    private Task<HttpResponseMessage> CreateAsync(string email, CancellationToken ct = default) =>
        api.PostAsJsonAsync(new Uri($"/crm/objects/{SandboxHost.ApiVersion}/contacts", UriKind.Relative), new { properties = new { email } }, ct);

    private async Task<int> CountAsync(string email)
    {
        var all = await sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, "contacts");
        return all.EnumerateArray().Count(c => c.GetProperty("properties").TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() == email);
    }
}
