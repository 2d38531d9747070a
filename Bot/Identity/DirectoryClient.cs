using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace HubSpotTeamsBot.Identity;

/// <summary>The bot's one seam to Microsoft Graph: the few directory questions role resolution and role grants ask.
/// Every failure to get an answer becomes a <see cref="DirectoryUnavailableException"/> so callers fail closed.
/// Transitive membership uses <c>/users/{id}/transitiveMemberOf/microsoft.graph.group</c> rather than
/// <c>checkMemberGroups</c>: the answer depends only on the user, so it can be cached per user and stays correct when
/// an admin adds a group grant (checkMemberGroups answers only for the ids asked, at most 20 per call).</summary>
public sealed class DirectoryClient(IOptions<GraphOptions> options, ILogger<DirectoryClient> logger)
{
    // Built at the first directory question, not at start: the Graph SDK is the app's largest assembly (about 8 MiB
    // resident once loaded) and most turns never ask the directory.
    private GraphServiceClient? _graph;

    private GraphServiceClient Graph => LazyInitializer.EnsureInitialized(ref _graph, () => GraphClientBuilder.Build(options.Value));

    private const int MaxGroupCandidates = 25;
    private static readonly string[] UserFields = ["id", "displayName", "userPrincipalName", "mail", "userType"];

    /// <summary>A user by object id or user principal name; null when the directory has no such user.</summary>
    public Task<DirectoryUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrUserPrincipalName);
        return CallAsync("read a user", async () =>
        {
            try
            {
                var user = await Graph.Users[idOrUserPrincipalName.Trim()]
                    .GetAsync(r => r.QueryParameters.Select = UserFields, ct);
                return user is null ? null : ToDirectoryUser(user);
            }
            catch (ODataError e) when (e.ResponseStatusCode is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.BadRequest)
            {
                // Graph answers 400 "Invalid object identifier" for text that is neither an id nor a UPN.
                return null;
            }
        }, ct);
    }

    /// <summary>A user by what people type: the UPN, or else the mail address (guests' UPNs differ from their mail).
    /// Null when nobody, or more than one user, has it.</summary>
    public async Task<DirectoryUser?> FindUserAsync(string userPrincipalNameOrMail, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userPrincipalNameOrMail);
        var text = userPrincipalNameOrMail.Trim();
        var byUpn = await GetUserAsync(text, ct);
        if (byUpn is not null)
        {
            return byUpn;
        }

        return await CallAsync("find a user by mail", async () =>
        {
            var page = await Graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"mail eq '{ODataLiteral(text)}'";
                r.QueryParameters.Select = UserFields;
                r.QueryParameters.Top = 2;
            }, ct);
            var users = page?.Value ?? [];
            return users.Count == 1 ? ToDirectoryUser(users[0]) : null;
        }, ct);
    }

    /// <summary>Groups whose display name starts with <paramref name="displayName"/>, exact matches first (several
    /// groups may share a name — the caller offers a choice).</summary>
    public Task<IReadOnlyList<DirectoryGroup>> FindGroupsAsync(string displayName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var name = displayName.Trim();
        return CallAsync<IReadOnlyList<DirectoryGroup>>("find groups", async () =>
        {
            var first = await Graph.Groups.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"startsWith(displayName,'{ODataLiteral(name)}')";
                r.QueryParameters.Select = ["id", "displayName"];
                r.QueryParameters.Top = MaxGroupCandidates;
            }, ct);

            var groups = new List<DirectoryGroup>();
            await IterateAsync<Group, GroupCollectionResponse>(first, g =>
            {
                if (g.Id is not null)
                {
                    groups.Add(new DirectoryGroup(g.Id, g.DisplayName));
                }

                return groups.Count < MaxGroupCandidates;
            }, ct);

            return groups
                .OrderByDescending(g => string.Equals(g.DisplayName, name, StringComparison.OrdinalIgnoreCase))
                .ThenBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }, ct);
    }

    /// <summary>Ids of every group the user belongs to, directly or through nested groups; empty for an unknown user.</summary>
    public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return CallAsync<IReadOnlySet<string>>("read group memberships", async () =>
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                var first = await Graph.Users[userId].TransitiveMemberOf.GraphGroup.GetAsync(r =>
                {
                    r.QueryParameters.Select = ["id"];
                    r.QueryParameters.Top = 999;
                }, ct);
                await IterateAsync<Group, GroupCollectionResponse>(first, g =>
                {
                    if (g.Id is not null)
                    {
                        ids.Add(g.Id);
                    }

                    return true;
                }, ct);
            }
            catch (ODataError e) when (e.ResponseStatusCode == (int)HttpStatusCode.NotFound)
            {
                // A user outside this directory belongs to none of its groups.
            }

            return ids;
        }, ct);
    }

    /// <summary>Holders of the directory role with this template id; empty when the role is not activated.</summary>
    public Task<DirectoryRoleMembers> GetDirectoryRoleMembersAsync(string roleTemplateId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleTemplateId);
        return CallAsync("read directory role members", async () =>
        {
            var roles = await Graph.DirectoryRoles.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"roleTemplateId eq '{ODataLiteral(roleTemplateId)}'";
                r.QueryParameters.Select = ["id", "displayName", "roleTemplateId"];
            }, ct);
            var role = roles?.Value?.FirstOrDefault(r => r.Id is not null);
            var users = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (role?.Id is null)
            {
                return new DirectoryRoleMembers(roleTemplateId, roleTemplateId, users, groups);
            }

            var first = await Graph.DirectoryRoles[role.Id].Members.GetAsync(
                r => r.QueryParameters.Select = ["id", "displayName"], ct);
            await IterateAsync<DirectoryObject, DirectoryObjectCollectionResponse>(first, member =>
            {
                switch (member)
                {
                    case User { Id: { } userId }:
                        users.Add(userId);
                        break;
                    case Group { Id: { } groupId }:
                        groups.Add(groupId);
                        break;
                }

                return true;
            }, ct);

            return new DirectoryRoleMembers(roleTemplateId, role.DisplayName ?? roleTemplateId, users, groups);
        }, ct);
    }

    private async Task IterateAsync<TEntity, TPage>(TPage? firstPage, Func<TEntity, bool> onItem, CancellationToken ct)
        where TPage : IParsable, IAdditionalDataHolder, new()
    {
        if (firstPage is null)
        {
            return;
        }

        // PageIterator follows @odata.nextLink through the same request adapter (same auth, retries, base URL).
        var iterator = PageIterator<TEntity, TPage>.CreatePageIterator(Graph, firstPage, onItem);
        await iterator.IterateAsync(ct);
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ODataError e)
        {
            logger.LogWarning("Microsoft Graph refused to {What}: status {Status}, code {Code}", what, e.ResponseStatusCode, e.Error?.Code);
            throw new DirectoryUnavailableException(DescribeStatus(e.ResponseStatusCode), e);
        }
        catch (ApiException e)
        {
            logger.LogWarning("Microsoft Graph failed to {What}: status {Status}", what, e.ResponseStatusCode);
            throw new DirectoryUnavailableException(DescribeStatus(e.ResponseStatusCode), e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is ApiException or HttpRequestException))
        {
            // Kiota's retry handler gives up on repeated 503/429 answers with all of them wrapped together.
            logger.LogWarning("Microsoft Graph kept failing to {What} after retries", what);
            throw new DirectoryUnavailableException(DescribeStatus((e.InnerExceptions[^1] as ApiException)?.ResponseStatusCode ?? 503), e);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Microsoft Graph could not be reached to {What}: {Error}", what, e.HttpRequestError);
            throw new DirectoryUnavailableException("The organisation directory (Microsoft Graph) cannot be reached right now; try again in a minute.", e);
        }
        catch (OperationCanceledException e)
        {
            logger.LogWarning("Microsoft Graph did not answer in time to {What}", what);
            throw new DirectoryUnavailableException("The organisation directory (Microsoft Graph) did not answer in time; try again in a minute.", e);
        }
    }

    private static string DescribeStatus(int status) => status switch
    {
        401 or 403 => $"Microsoft Graph refused the bot's access ({status}): an administrator must grant the app registration "
            + "User.Read.All and GroupMember.Read.All (and RoleManagement.Read.Directory for directory roles).",
        429 => "Microsoft Graph is throttling the bot (429); try again in a minute.",
        _ => $"The organisation directory (Microsoft Graph) is unavailable right now ({status}); try again in a minute.",
    };

    private static DirectoryUser ToDirectoryUser(User user) =>
        new(user.Id ?? string.Empty, user.DisplayName, user.UserPrincipalName, user.Mail, user.UserType);

    // OData string literals escape a single quote by doubling it; this keeps typed names from breaking the filter.
    private static string ODataLiteral(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
