using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// CRM calls on behalf of a tenant: the token comes from <see cref="PortalTokenProvider"/>, the portal id keys the
/// rate limiter and the metadata cache.
/// </summary>
public sealed class HubSpotCrmClient
{
    private readonly HubSpotHttp _http;
    private readonly PortalTokenProvider _tokens;
    private readonly HubSpotMetadataCache _cache;
    private readonly HubSpotPaths _paths;
    private readonly IReadOnlyList<ICrmWriteObserver> _writeObservers;

    internal HubSpotCrmClient(HubSpotHttp http, PortalTokenProvider tokens, HubSpotMetadataCache cache, IOptions<HubSpotOptions> options,
        IEnumerable<ICrmWriteObserver>? writeObservers = null)
    {
        _http = http;
        _tokens = tokens;
        _cache = cache;
        _paths = new HubSpotPaths(options.Value.ApiVersion);
        _writeObservers = [.. writeObservers ?? []];
    }

    /// <summary>Creates a record (201) associated with <paramref name="associateWith"/> using HubSpot-defined association types.</summary>
    /// <exception cref="HubSpotConflictException">A contact with the same email exists (see ExistingId).</exception>
    /// <exception cref="HubSpotValidationException">HubSpot refused properties (see FieldErrors).</exception>
    public async Task<CrmObject> CreateAsync(
        string tenantId,
        CrmObjectType type,
        IReadOnlyDictionary<string, string> properties,
        IEnumerable<CrmRecordRef>? associateWith = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var associations = (associateWith ?? [])
            .Select(target => new CrmAssociationInput(
                new CrmAssociationTarget(RecordId.Require(target.Id, target.Type.PathSegment().TrimEnd('s'))),
                [new CrmAssociationSpec(HubSpotAssociationTypes.HubSpotDefinedCategory, HubSpotAssociationTypes.For(type, target.Type))]))
            .ToList();
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var created = await _http.SendAsync<CrmObject>(
            Call(access, HttpMethod.Post, _paths.Objects(type), $"{type.PathSegment()}.create") with
            {
                Content = HubSpotJson.Content(new CrmCreateRequest(properties, associations)),
            },
            ct);
        Written(tenantId, type, created.Id, properties, created: true);
        return created;
    }

    /// <summary>Creates a note, call, meeting or task on the given contacts/deals.</summary>
    public Task<CrmObject> CreateEngagementAsync(
        string tenantId,
        CrmObjectType engagementType,
        IReadOnlyDictionary<string, string> properties,
        IEnumerable<CrmRecordRef> associateWith,
        CancellationToken ct = default)
    {
        if (!engagementType.IsEngagement())
        {
            throw new ArgumentException($"{engagementType} is not an engagement type.", nameof(engagementType));
        }

        return CreateAsync(tenantId, engagementType, properties, associateWith, ct);
    }

    /// <summary>Reads a record by id with the named properties (HubSpot's defaults when none are named) and associated ids.</summary>
    /// <exception cref="HubSpotNotFoundException">No such record.</exception>
    public async Task<CrmObject> GetAsync(
        string tenantId,
        CrmObjectType type,
        string id,
        IEnumerable<string>? properties = null,
        IEnumerable<CrmObjectType>? associations = null,
        CancellationToken ct = default)
    {
        RecordId.Require(id);
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var query = PropertiesQuery(properties, first: true);
        var associated = (associations ?? []).Select(a => a.PathSegment()).ToList();
        if (associated.Count > 0)
        {
            query += (query.Length == 0 ? "?" : "&") + "associations=" + string.Join(',', associated);
        }

        return await _http.SendAsync<CrmObject>(Call(access, HttpMethod.Get, _paths.Object(type, id) + query, $"{type.PathSegment()}.get"), ct);
    }

    /// <summary>HubSpot's limit of inputs per batch call.</summary>
    public const int BatchReadLimit = 100;

    /// <summary>
    /// Reads many records of one type by id in one call per 100 ids (batch/read, a POST that changes nothing, so it is
    /// retried like a GET). Ids HubSpot does not know (deleted records) are simply absent from the result.
    /// </summary>
    public async Task<IReadOnlyList<CrmObject>> BatchReadAsync(string tenantId, CrmObjectType type, IEnumerable<string> ids, IEnumerable<string> properties, CancellationToken ct = default)
    {
        var distinct = ids.Select(id => RecordId.Require(id)).Distinct(StringComparer.Ordinal).ToList();
        var names = properties.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
        var found = new List<CrmObject>(distinct.Count);
        if (distinct.Count == 0) return found;
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        foreach (var chunk in distinct.Chunk(BatchReadLimit))
        {
            var page = await _http.SendAsync<CrmCollectionResponse<CrmObject>>(
                Call(access, HttpMethod.Post, _paths.BatchRead(type), $"{type.PathSegment()}.batchRead") with
                {
                    Content = HubSpotJson.Content(new CrmBatchReadRequest(names, chunk.Select(id => new CrmBatchReadInput(id)).ToList())),
                    RetrySafe = true,
                },
                ct);
            found.AddRange(page.Results ?? []);
        }

        return found;
    }

    /// <summary>The contact with this email, or null when there is none.</summary>
    public async Task<CrmObject?> GetContactByEmailAsync(string tenantId, string email, IEnumerable<string>? properties = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        try
        {
            return await _http.SendAsync<CrmObject>(
                Call(access, HttpMethod.Get, _paths.Object(CrmObjectType.Contacts, email.Trim()) + "?idProperty=email" + PropertiesQuery(properties, first: false), "contacts.getByEmail"),
                ct);
        }
        catch (Exception e) when (e is HubSpotNotFoundException or HubSpotValidationException)
        {
            // HubSpot answers 400 for a text that cannot be an email: no contact has it either.
            return null;
        }
    }

    /// <summary>PATCHes only <paramref name="changes"/> (see <see cref="CrmPropertyChanges.Between"/>); "" clears a property.</summary>
    public async Task<CrmObject> UpdateAsync(string tenantId, CrmObjectType type, string id, IReadOnlyDictionary<string, string> changes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("Nothing to update: no property changed.", nameof(changes));
        }

        RecordId.Require(id);
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var updated = await _http.SendAsync<CrmObject>(
            Call(access, HttpMethod.Patch, _paths.Object(type, id), $"{type.PathSegment()}.update") with
            {
                Content = HubSpotJson.Content(new CrmUpdateRequest(changes)),
            },
            ct);
        Written(tenantId, type, id, changes, created: false);
        return updated;
    }

    private void Written(string tenantId, CrmObjectType type, string id, IReadOnlyDictionary<string, string> properties, bool created)
    {
        foreach (var observer in _writeObservers) observer.Written(tenantId, type, id, properties, created);
    }

    /// <summary>One page of search results; pass <see cref="CrmSearchPage.NextAfter"/> as <c>After</c> for the next page.</summary>
    public async Task<CrmSearchPage> SearchAsync(string tenantId, CrmObjectType type, CrmSearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Limit, "Search limit must be between 1 and 200.");
        }

        if (request.Query?.Length > SearchLimits.MaxQueryLength) throw new SearchTextTooLongException();
        // Past HubSpot's paging window there is nothing more to show; asking would only get a 400.
        if (SearchLimits.IsPastEnd(request.After, request.Limit ?? 0)) return new CrmSearchPage(0, [], null);

        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var page = await _http.SendAsync<CrmCollectionResponse<CrmObject>>(
            Call(access, HttpMethod.Post, _paths.Search(type), $"{type.PathSegment()}.search") with
            {
                Content = HubSpotJson.Content(request.ForWire()),
                IsSearch = true,
                RetrySafe = true,
            },
            ct);
        var results = page.Results ?? [];
        return new CrmSearchPage(page.Total ?? results.Count, results, page.Paging?.Next?.After);
    }

    /// <summary>The owner with this email (cached), or null.</summary>
    public async Task<HubSpotOwner?> GetOwnerByEmailAsync(string tenantId, string email, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var normalized = email.Trim().ToLowerInvariant();
        return await _cache.GetOrLoadAsync(access.PortalId, $"owner-email:{normalized}", async () =>
        {
            var page = await _http.SendAsync<CrmCollectionResponse<HubSpotOwner>>(
                Call(access, HttpMethod.Get, $"{_paths.Owners}?email={Uri.EscapeDataString(normalized)}&archived=false", "owners.byEmail"), ct);
            return page.Results?.FirstOrDefault(owner => string.Equals(owner.Email, normalized, StringComparison.OrdinalIgnoreCase));
        });
    }

    /// <summary>
    /// The portal's active owners (cached per portal), every page of <c>GET /crm/owners</c>. The owner pickers offer
    /// these; a portal with more than <see cref="OwnerPageLimit"/> × <see cref="OwnerPagesRead"/> owners lists the first ones.
    /// </summary>
    public async Task<IReadOnlyList<HubSpotOwner>> ListOwnersAsync(string tenantId, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var owners = await _cache.GetOrLoadAsync<List<HubSpotOwner>>(access.PortalId, "owners-active", async () =>
        {
            var all = new List<HubSpotOwner>();
            string? after = null;
            for (var page = 0; page < OwnerPagesRead; page++)
            {
                var path = $"{_paths.Owners}?limit={OwnerPageLimit}&archived=false" + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");
                var response = await _http.SendAsync<CrmCollectionResponse<HubSpotOwner>>(Call(access, HttpMethod.Get, path, "owners.list"), ct);
                all.AddRange((response.Results ?? []).Where(o => !o.Archived));
                after = response.Paging?.Next?.After;
                if (string.IsNullOrEmpty(after)) break;
            }
            return all;
        });
        return owners ?? [];
    }

    /// <summary>HubSpot's largest owners page.</summary>
    public const int OwnerPageLimit = 500;

    /// <summary>Pages read at most: a picker with thousands of entries is no longer a picker.</summary>
    public const int OwnerPagesRead = 4;

    /// <summary>The owner with this owner id (cached), or null.</summary>
    public async Task<HubSpotOwner?> GetOwnerByIdAsync(string tenantId, string ownerId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        RecordId.Require(ownerId, "owner");
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        return await _cache.GetOrLoadAsync(access.PortalId, $"owner-id:{ownerId}", async () =>
        {
            try
            {
                return await _http.SendAsync<HubSpotOwner>(Call(access, HttpMethod.Get, _paths.Owner(ownerId) + "?idProperty=id", "owners.byId"), ct);
            }
            catch (HubSpotNotFoundException)
            {
                return null;
            }
        });
    }

    /// <summary>The owner of a HubSpot user id (webhooks' <c>sourceId</c> "userId:…"; not an owner id), cached, or null.</summary>
    public async Task<HubSpotOwner?> GetOwnerByUserIdAsync(string tenantId, string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        RecordId.Require(userId, "user");
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        return await _cache.GetOrLoadAsync(access.PortalId, $"owner-user:{userId}", async () =>
        {
            try
            {
                return await _http.SendAsync<HubSpotOwner>(Call(access, HttpMethod.Get, _paths.Owner(userId) + "?idProperty=userId", "owners.byUserId"), ct);
            }
            catch (HubSpotNotFoundException)
            {
                return null;
            }
        });
    }

    /// <summary>Active deal pipelines and their active stages, both in display order (cached).</summary>
    public async Task<IReadOnlyList<DealPipeline>> GetDealPipelinesAsync(string tenantId, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        return await LoadPipelinesAsync(access, ct);
    }

    /// <summary>The stage if it belongs to the pipeline; a miss reloads the pipelines once in case they changed.</summary>
    public async Task<DealStage?> FindDealStageAsync(string tenantId, string pipelineId, string stageId, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var stage = Find(await LoadPipelinesAsync(access, ct));
        if (stage is null)
        {
            _cache.Forget(access.PortalId, PipelinesKey);
            stage = Find(await LoadPipelinesAsync(access, ct));
        }

        return stage;

        DealStage? Find(IReadOnlyList<DealPipeline> pipelines) => pipelines.FirstOrDefault(p => p.Id == pipelineId)?.FindStage(stageId);
    }

    /// <summary>Properties a form may offer for the type: no hidden or read-only properties, no hidden options (cached).</summary>
    public async Task<IReadOnlyList<PropertyDefinition>> GetEditablePropertiesAsync(string tenantId, CrmObjectType type, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        return await LoadPropertiesAsync(access, type, ct);
    }

    /// <summary>One editable property with its visible options; null when it does not exist or is hidden/read-only. A miss reloads once.</summary>
    public async Task<PropertyDefinition?> GetEditablePropertyAsync(string tenantId, CrmObjectType type, string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        var property = (await LoadPropertiesAsync(access, type, ct)).FirstOrDefault(p => p.Name == name);
        if (property is null)
        {
            _cache.Forget(access.PortalId, PropertiesKey(type));
            property = (await LoadPropertiesAsync(access, type, ct)).FirstOrDefault(p => p.Name == name);
        }

        return property;
    }

    /// <summary>
    /// Drops the cached property definitions of the type, so the next read asks HubSpot: after HubSpot refused a write
    /// naming a property or option the cached list did not know was gone.
    /// </summary>
    public async Task ForgetPropertiesAsync(string tenantId, CrmObjectType type, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        _cache.Forget(access.PortalId, PropertiesKey(type));
    }

    /// <summary>Account details of the tenant's portal (UI domain, time zone, currency).</summary>
    public async Task<HubSpotAccountInfo> GetAccountInfoAsync(string tenantId, CancellationToken ct = default)
    {
        var access = await _tokens.GetPortalAccessAsync(tenantId, ct);
        return await _http.SendAsync<HubSpotAccountInfo>(Call(access, HttpMethod.Get, _paths.AccountDetails, "account.details"), ct);
    }

    private const string PipelinesKey = "pipelines:deals";

    private static string PropertiesKey(CrmObjectType type) => $"properties:{type.PathSegment()}";

    private async Task<IReadOnlyList<DealPipeline>> LoadPipelinesAsync(PortalAccess access, CancellationToken ct) =>
        await _cache.GetOrLoadAsync<IReadOnlyList<DealPipeline>>(access.PortalId, PipelinesKey, async () =>
        {
            var page = await _http.SendAsync<CrmCollectionResponse<DealPipeline>>(Call(access, HttpMethod.Get, _paths.DealPipelines, "pipelines.deals"), ct);
            return (page.Results ?? [])
                .Where(p => !p.Archived)
                .OrderBy(p => p.DisplayOrder)
                .Select(p => p with { Stages = (p.Stages ?? []).Where(s => !s.Archived).OrderBy(s => s.DisplayOrder).ToList() })
                .ToList();
        }) ?? [];

    private async Task<IReadOnlyList<PropertyDefinition>> LoadPropertiesAsync(PortalAccess access, CrmObjectType type, CancellationToken ct) =>
        await _cache.GetOrLoadAsync<IReadOnlyList<PropertyDefinition>>(access.PortalId, PropertiesKey(type), async () =>
        {
            var page = await _http.SendAsync<CrmCollectionResponse<PropertyDefinition>>(
                Call(access, HttpMethod.Get, _paths.Properties(type) + "?archived=false", $"{type.PathSegment()}.properties"), ct);
            return (page.Results ?? [])
                .Where(p => !p.Hidden && !p.IsReadOnly)
                .Select(p => p with { Options = (p.Options ?? []).Where(o => !o.Hidden).OrderBy(o => o.DisplayOrder ?? int.MaxValue).ToList() })
                .ToList();
        }) ?? [];

    private static HubSpotCall Call(PortalAccess access, HttpMethod method, string path, string operation) =>
        new(method, path, operation) { AccessToken = access.AccessToken, PortalId = access.PortalId };

    private static string PropertiesQuery(IEnumerable<string>? properties, bool first)
    {
        var names = (properties ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return names.Count == 0 ? string.Empty : (first ? "?" : "&") + "properties=" + Uri.EscapeDataString(string.Join(',', names));
    }
}
