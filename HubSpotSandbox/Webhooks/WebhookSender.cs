using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using HubSpotSandbox.Model;
using HubSpotSandbox.Options;
using HubSpotSandbox.State;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Webhooks;

/// <summary>One POST the sandbox made to the webhook target.</summary>
public sealed record WebhookDelivery(long BatchId, int Attempt, int Status, IReadOnlyList<long> EventIds, string Note, DateTimeOffset At);

/// <summary>
/// Sends the webhooks of every write as HubSpot does: events gathered for Webhooks:BatchWindowMs into batches of at
/// most 100 per portal, a JSON array signed with signature v3 (and the legacy v1 header beside it), POSTed to the
/// target; a batch answered with anything but 2xx (or not answered) is sent again with back-off, attemptNumber
/// counting up, up to Webhooks:MaxAttempts. The fault plan duplicates, reorders, delays and re-sends batches.
/// </summary>
public sealed class WebhookSender : BackgroundService
{
    private const int MaxKeptDeliveries = 10_000;
    private readonly Channel<JsonObject> _pending = Channel.CreateUnbounded<JsonObject>();
    private readonly Lock _gate = new();
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private WebhookSettings _settings;
    private Random _faults;
    private SemaphoreSlim _concurrency;
    private long _nextEventId;
    private long _nextBatchId;
    private int _inFlight;

    public WebhookSender(IOptions<SandboxOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _settings = options.Value.Webhooks;
        _faults = new Random(_settings.Faults.Seed);
        _concurrency = new SemaphoreSlim(_settings.MaxConcurrentRequests);
        _nextEventId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    public WebhookSettings Settings
    {
        get
        {
            lock (_gate) return _settings;
        }
    }

    /// <summary>Replaces the settings (and restarts the fault sequence from its seed).</summary>
    public void Configure(WebhookSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _faults = new Random(settings.Faults.Seed);
            _concurrency = new SemaphoreSlim(settings.MaxConcurrentRequests);
        }
    }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate) return [.. _deliveries];
        }
    }

    /// <summary>Events waiting or being sent; 0 means every event so far was delivered or given up on.</summary>
    public int Outstanding => _pending.Reader.Count + Volatile.Read(ref _inFlight);

    public void ClearDeliveries()
    {
        lock (_gate) _deliveries.Clear();
    }

    public void Created(Portal portal, CrmRecord record, ChangeSource? source = null) =>
        Publish(WebhookEvents.Created(_options.AppId, portal, record, source ?? ChangeSource.Integration(_options.AppId), NextEventId, _time.GetUtcNow()));

    public void Changed(Portal portal, CrmRecord before, CrmRecord after, ChangeSource? source = null) =>
        Publish(WebhookEvents.Changed(_options.AppId, portal, before, after, source ?? ChangeSource.Integration(_options.AppId), NextEventId, _time.GetUtcNow()));

    public void Deleted(Portal portal, CrmRecord record, ChangeSource? source = null) =>
        Publish(WebhookEvents.Deleted(_options.AppId, portal, record, source ?? ChangeSource.Integration(_options.AppId), NextEventId, _time.GetUtcNow()));

    private long NextEventId() => Interlocked.Increment(ref _nextEventId);

    private void Publish(IReadOnlyList<JsonObject> events)
    {
        if (string.IsNullOrEmpty(Settings.TargetUrl)) return;
        foreach (var item in events) _pending.Writer.TryWrite(item);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopping = stoppingToken;
        var sends = new List<Task>();
        while (await _pending.Reader.WaitToReadAsync(stopping))
        {
            var settings = Settings;
            if (settings.BatchWindowMs > 0) await Task.Delay(settings.BatchWindowMs, stopping);
            var gathered = new List<JsonObject>();
            while (_pending.Reader.TryRead(out var item)) gathered.Add(item);
            Interlocked.Add(ref _inFlight, gathered.Count);
            foreach (var portal in gathered.GroupBy(e => e["portalId"]!.GetValue<long>()))
            {
                foreach (var chunk in portal.Chunk(settings.MaxBatchSize))
                {
                    sends.Add(SendWithFaultsAsync(settings, [.. chunk], stopping));
                }
            }
            sends.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(sends);
    }

    private async Task SendWithFaultsAsync(WebhookSettings settings, List<JsonObject> events, CancellationToken stopping)
    {
        try
        {
            var batchId = Interlocked.Increment(ref _nextBatchId);
            bool duplicate, reorder, retry, delay;
            lock (_gate)
            {
                duplicate = _faults.NextDouble() < settings.Faults.DuplicateRate;
                reorder = _faults.NextDouble() < settings.Faults.ReorderRate;
                retry = _faults.NextDouble() < settings.Faults.RetryRate;
                delay = _faults.NextDouble() < settings.Faults.DelayRate;
                if (reorder) events = [.. events.OrderBy(_ => _faults.Next())];
            }
            // Held back, so batches made after it arrive first.
            if (reorder || delay) await Task.Delay(settings.Faults.DelayMs, stopping);
            var note = string.Join(' ', new[] { duplicate ? "duplicate" : null, reorder ? "reordered" : null, retry ? "retried" : null, delay ? "delayed" : null }.Where(n => n is not null));
            var delivered = await DeliverAsync(settings, batchId, events, 0, note, stopping);
            if (duplicate) await DeliverAsync(settings, batchId, events, 0, "duplicate copy", stopping);
            if (retry && delivered) await DeliverAsync(settings, batchId, events, 1, "re-sent after a 2xx", stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -events.Count);
        }
    }

    /// <summary>Sends one batch until a 2xx or the attempts run out; true when it was answered 2xx.</summary>
    private async Task<bool> DeliverAsync(WebhookSettings settings, long batchId, List<JsonObject> events, int firstAttempt, string note, CancellationToken stopping)
    {
        var eventIds = events.Select(e => e["eventId"]!.GetValue<long>()).ToList();
        for (var attempt = firstAttempt; attempt < firstAttempt + settings.MaxAttempts; attempt++)
        {
            if (attempt > firstAttempt) await Task.Delay(settings.RetryDelayMs * (1 << Math.Min(attempt - firstAttempt - 1, 10)), stopping);
            var body = new JsonArray(events.Select(e =>
            {
                var copy = (JsonObject)e.DeepClone();
                copy["attemptNumber"] = attempt;
                return (JsonNode)copy;
            }).ToArray()).ToJsonString();
            var status = 0;
            await _concurrency.WaitAsync(stopping);
            try
            {
                using var request = Sign(settings, body);
                using var response = await _http.SendAsync(request, stopping);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                status = 0;
            }
            finally
            {
                _concurrency.Release();
            }
            Record(new WebhookDelivery(batchId, attempt, status, eventIds, note, _time.GetUtcNow()));
            if (status is >= 200 and < 300) return true;
            _logger.LogInformation("Webhook batch {BatchId} (attempt {Attempt}) got {Status}; {Next}", batchId, attempt, status,
                attempt + 1 < firstAttempt + settings.MaxAttempts ? "retrying" : "giving up");
        }
        return false;
    }

    private HttpRequestMessage Sign(WebhookSettings settings, string body)
    {
        var secret = string.IsNullOrEmpty(settings.ClientSecret) ? _options.ClientSecret : settings.ClientSecret;
        var uri = settings.TargetUrl!;
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var v3 = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("POST" + uri + body + timestamp));
        request.Headers.Add("X-HubSpot-Signature-v3", Convert.ToBase64String(v3));
        request.Headers.Add("X-HubSpot-Request-Timestamp", timestamp);
        // HubSpot still sends the old unkeyed form beside v3 for old receivers.
        request.Headers.Add("X-HubSpot-Signature", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret + body))));
        request.Headers.Add("X-HubSpot-Signature-Version", "v1");
        return request;
    }

    private void Record(WebhookDelivery delivery)
    {
        lock (_gate)
        {
            _deliveries.Add(delivery);
            if (_deliveries.Count > MaxKeptDeliveries) _deliveries.RemoveRange(0, _deliveries.Count - MaxKeptDeliveries);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        _concurrency.Dispose();
        base.Dispose();
    }
}
