using HubSpotTeamsBot.BotFramework.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Limits;

public static class TurnLimitsServiceCollectionExtensions
{
    /// <summary>Per-user and per-tenant turn limits (section <c>TurnLimits</c>), validated at start.</summary>
    public static IServiceCollection AddTurnLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TurnLimitOptions>().Bind(configuration.GetSection(TurnLimitOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TurnLimitOptions>, TurnLimitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ITurnLimiter, TurnLimiter>();
        services.TryAddSingleton<RepeatedLogLines>();
        return services;
    }
}
