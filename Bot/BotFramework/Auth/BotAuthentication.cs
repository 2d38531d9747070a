using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>
/// Inbound token validation with ASP.NET Core JwtBearer, configured exactly as docs/teams-protocol.md, "Inbound
/// authentication": Bot Connector issuer,
/// audience = app id, RS256/384/512, 5-minute skew, keys from the configured OpenID metadata (refreshed on an
/// unknown kid); a token that passed is remembered for a few minutes (<see cref="RememberingTokenHandler"/>). The
/// key's endorsements are copied into claims here; they are compared with the activity's
/// channelId once the body is parsed (see <see cref="InboundActivityCheck"/>).
/// </summary>
public static class BotAuthentication
{
    public const string Scheme = "BotFramework";
    public const string EndorsementClaim = "endorsement";
    public const string ServiceUrlClaim = "serviceurl";

    public static IServiceCollection AddBotAuthentication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RememberingTokenHandler>();
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<BotOptions>, RememberingTokenHandler>((jwt, bot, handler) => Configure(jwt, bot.Value, handler));
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, BotOptions bot, RememberingTokenHandler handler)
    {
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(handler);
        jwt.MetadataAddress = bot.OpenIdMetadataUrl;
        // Only a loopback stand-in (tests, benchmarks) may serve metadata over plain HTTP.
        jwt.RequireHttpsMetadata = !new Uri(bot.OpenIdMetadataUrl).IsLoopback;
        jwt.MapInboundClaims = false;
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = BotOptions.ChannelIssuer,
            ValidAudience = bot.AppId,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
        };
        jwt.Events = new JwtBearerEvents { OnTokenValidated = AddEndorsementsAsync };
    }

    private static async Task AddEndorsementsAsync(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken token || context.Options.ConfigurationManager is null) return;
        var configuration = await context.Options.ConfigurationManager.GetConfigurationAsync(context.HttpContext.RequestAborted);
        var key = (configuration as OpenIdConnectConfiguration)?.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == token.Kid);
        var identity = context.Principal?.Identities.FirstOrDefault();
        if (key is null || identity is null) return;
        foreach (var endorsement in ReadEndorsements(key))
        {
            identity.AddClaim(new Claim(EndorsementClaim, endorsement));
        }
    }

    /// <summary>IdentityModel keeps JWK members it does not know (like <c>endorsements</c>) in AdditionalData.</summary>
    private static IEnumerable<string> ReadEndorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var raw)) return [];
        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
            IEnumerable<object> list => list.Select(o => o?.ToString()).OfType<string>(),
            _ => [],
        };
    }
}
