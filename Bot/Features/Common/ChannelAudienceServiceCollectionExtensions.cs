using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubSpotTeamsBot.Features.Common;

public static class ChannelAudienceServiceCollectionExtensions
{
    /// <summary>Binds <see cref="RecordCardsOptions"/> ("RecordCards") and registers <see cref="ChannelAudience"/>.</summary>
    public static IServiceCollection AddChannelAudience(this IServiceCollection services)
    {
        services.AddOptions<RecordCardsOptions>().BindConfiguration(RecordCardsOptions.SectionName)
            .Validate(o => o.RosterCacheDuration >= TimeSpan.Zero, "RecordCards:RosterCacheDuration must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChannelAudience>();
        return services;
    }
}
