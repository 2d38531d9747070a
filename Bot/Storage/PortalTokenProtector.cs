using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Encrypts HubSpot tokens before they are written. The tenant id is part of the purpose, so a token column copied
/// into another tenant's row does not decrypt there.
/// </summary>
internal sealed class PortalTokenProtector(IDataProtectionProvider provider)
{
    private const string Purpose = "HubSpotTeamsBot.Storage.PortalLink.Tokens.v1";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string tenantId, string token)
    {
        try
        {
            return _protector.CreateProtector(tenantId).Protect(token);
        }
        catch (Exception e) when (KeyRingOutage(e) is { } outage)
        {
            throw outage;
        }
    }

    /// <summary>Null when the ciphertext cannot be read (key ring lost or replaced, or the column was tampered with).</summary>
    public string? TryUnprotect(string tenantId, string protectedToken)
    {
        try
        {
            return _protector.CreateProtector(tenantId).Unprotect(protectedToken);
        }
        catch (Exception e) when (KeyRingOutage(e) is { } outage)
        {
            throw outage;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    // Data Protection reads its key ring from storage and wraps whatever that throws in a CryptographicException;
    // an outage there must surface as a storage outage, not as "this token cannot be decrypted".
    private static StorageUnavailableException? KeyRingOutage(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        return null;
    }
}
