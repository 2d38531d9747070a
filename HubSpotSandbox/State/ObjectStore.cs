using System.Globalization;
using HubSpotSandbox.Model;

namespace HubSpotSandbox.State;

/// <summary>
/// The CRM records of one portal. One lock guards writes; records are immutable, so reads return references.
/// Ids are unique across object types (as in HubSpot, mixing them up gives a 404, not another record).
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<long, CrmRecord>> byType = CrmObjectType.All.ToDictionary(t => t.Name, _ => new Dictionary<long, CrmRecord>());
    private readonly Dictionary<string, long> contactIdsByEmail = new(StringComparer.OrdinalIgnoreCase);
    private long nextId;

    public ObjectStore(long firstId) => nextId = firstId;

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public StoreResult Create(CrmObjectType type, IReadOnlyDictionary<string, string> properties, IReadOnlyList<AssociationRequest> associations, DateTimeOffset now)
    {
        lock (gate)
        {
            var email = type == CrmObjectType.Contacts ? properties.GetValueOrDefault("email") : null;
            if (email is not null && contactIdsByEmail.TryGetValue(email, out var existing))
            {
                return StoreResult.Fail(StoreFailure.DuplicateEmail, email, existing);
            }

            foreach (var association in associations)
            {
                if (FindLocked(association.Type.To, association.ToId) is null)
                {
                    return StoreResult.Fail(StoreFailure.AssociationTargetMissing, $"{association.Type.To} {association.ToId}");
                }
            }

            var id = nextId++;
            var props = new Dictionary<string, string>(properties, StringComparer.Ordinal);
            var stamp = Timestamp(now);
            props["hs_object_id"] = id.ToString(CultureInfo.InvariantCulture);
            props[type.IsActivity ? "hs_createdate" : "createdate"] = stamp;
            props["hs_lastmodifieddate"] = stamp;
            if (type == CrmObjectType.Contacts)
            {
                props["lastmodifieddate"] = stamp;
            }

            var record = new CrmRecord
            {
                Id = id, Type = type, Properties = props, CreatedAt = now, UpdatedAt = now,
                Associations = associations.Select(a => new StoredAssociation(a.Type.To, a.ToId, a.Type.Id)).ToList(),
            };
            byType[type.Name][id] = record;
            if (email is not null)
            {
                contactIdsByEmail[email] = id;
            }

            foreach (var association in associations)
            {
                AddLocked(association.Type.To, association.ToId, new StoredAssociation(type.Singular, id, association.Type.ReverseId));
            }

            return StoreResult.Ok(record);
        }
    }

    /// <summary>Sets the given properties; a null value clears the property. Bumps the modified dates.</summary>
    public StoreResult Update(CrmObjectType type, long id, IReadOnlyDictionary<string, string?> changes, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!byType[type.Name].TryGetValue(id, out var current) || current.Archived)
            {
                return StoreResult.Fail(StoreFailure.NotFound);
            }

            var oldEmail = type == CrmObjectType.Contacts ? current.Get("email") : null;
            var newEmail = changes.TryGetValue("email", out var e) && type == CrmObjectType.Contacts ? e : oldEmail;
            if (newEmail is not null && !string.Equals(newEmail, oldEmail, StringComparison.OrdinalIgnoreCase)
                && contactIdsByEmail.TryGetValue(newEmail, out var other) && other != id)
            {
                return StoreResult.Fail(StoreFailure.DuplicateEmail, newEmail, other);
            }

            var props = new Dictionary<string, string>(current.Properties, StringComparer.Ordinal);
            foreach (var (name, value) in changes)
            {
                if (value is null)
                {
                    props.Remove(name);
                }
                else
                {
                    props[name] = value;
                }
            }

            var stamp = Timestamp(now);
            props["hs_lastmodifieddate"] = stamp;
            if (type == CrmObjectType.Contacts)
            {
                props["lastmodifieddate"] = stamp;
            }

            var updated = current with { Properties = props, UpdatedAt = now };
            byType[type.Name][id] = updated;
            if (oldEmail is not null)
            {
                contactIdsByEmail.Remove(oldEmail);
            }

            if (newEmail is not null)
            {
                contactIdsByEmail[newEmail] = id;
            }

            return StoreResult.Ok(updated);
        }
    }

    public bool Archive(CrmObjectType type, long id, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!byType[type.Name].TryGetValue(id, out var current) || current.Archived)
            {
                return false;
            }

            // Like HubSpot, archiving a record removes its associations from the records it was linked to.
            foreach (var association in current.Associations)
            {
                if (CrmObjectType.Find(association.ToType) is { } toType)
                {
                    RemoveLocked(toType, association.ToId, a => a.ToType == type.Singular && a.ToId == id);
                }
            }

            byType[type.Name][id] = current with { Archived = true, ArchivedAt = now, UpdatedAt = now, Associations = [] };
            if (current.Get("email") is { } email && type == CrmObjectType.Contacts)
            {
                contactIdsByEmail.Remove(email);
            }

            return true;
        }
    }

    public CrmRecord? Get(CrmObjectType type, long id)
    {
        lock (gate)
        {
            return byType[type.Name].TryGetValue(id, out var record) && !record.Archived ? record : null;
        }
    }

    public CrmRecord? FindByEmail(string email)
    {
        lock (gate)
        {
            return contactIdsByEmail.TryGetValue(email, out var id) ? byType[CrmObjectType.Contacts.Name][id] : null;
        }
    }

    /// <summary>All records of a type in id order (archived ones only when asked).</summary>
    public IReadOnlyList<CrmRecord> All(CrmObjectType type, bool archived = false)
    {
        lock (gate)
        {
            return byType[type.Name].Values.Where(r => r.Archived == archived).OrderBy(r => r.Id).ToList();
        }
    }

    public int Count(CrmObjectType type)
    {
        lock (gate)
        {
            return byType[type.Name].Values.Count(r => !r.Archived);
        }
    }

    /// <summary>Stores the association on both records; adding an existing one changes nothing.</summary>
    public StoreResult Associate(CrmObjectType fromType, long fromId, AssociationType association, long toId, DateTimeOffset now)
    {
        lock (gate)
        {
            var from = FindLocked(fromType.Singular, fromId);
            if (from is null)
            {
                return StoreResult.Fail(StoreFailure.NotFound, $"{fromType.Singular} {fromId}");
            }

            if (FindLocked(association.To, toId) is null)
            {
                return StoreResult.Fail(StoreFailure.AssociationTargetMissing, $"{association.To} {toId}");
            }

            AddLocked(association.To, toId, new StoredAssociation(fromType.Singular, fromId, association.ReverseId));
            AddLocked(fromType.Singular, fromId, new StoredAssociation(association.To, toId, association.Id));
            return StoreResult.Ok(FindLocked(fromType.Singular, fromId)!);
        }
    }

    /// <summary>Removes every association between the two records.</summary>
    public bool Disassociate(CrmObjectType fromType, long fromId, CrmObjectType toType, long toId)
    {
        lock (gate)
        {
            var removed = RemoveLocked(fromType, fromId, a => a.ToType == toType.Singular && a.ToId == toId);
            RemoveLocked(toType, toId, a => a.ToType == fromType.Singular && a.ToId == fromId);
            return removed;
        }
    }

    private bool RemoveLocked(CrmObjectType type, long id, Func<StoredAssociation, bool> match)
    {
        if (!byType[type.Name].TryGetValue(id, out var record))
        {
            return false;
        }

        var kept = record.Associations.Where(a => !match(a)).ToList();
        byType[type.Name][id] = record with { Associations = kept };
        return kept.Count != record.Associations.Count;
    }

    private CrmRecord? FindLocked(string singular, long id)
    {
        var type = CrmObjectType.Find(singular);
        return type is not null && byType[type.Name].TryGetValue(id, out var record) && !record.Archived ? record : null;
    }

    private void AddLocked(string singular, long id, StoredAssociation association)
    {
        var record = FindLocked(singular, id);
        if (record is null || record.Associations.Contains(association))
        {
            return;
        }

        byType[record.Type.Name][id] = record with { Associations = [.. record.Associations, association] };
    }
}
