using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>Wires the key-encryption keys into Data Protection and says once at start how the key ring is kept.</summary>
public static partial class KeyRingEncryption
{
    /// <summary>Development and the test host may keep an unencrypted key ring; every other environment must not.</summary>
    public static bool MayRunUnencrypted(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing");
    }

    /// <summary>Binds <see cref="KeyRingOptions"/> ("DataProtection"), validates them at start and, when keys are set,
    /// makes Data Protection encrypt every key element with the newest one.</summary>
    public static IServiceCollection AddKeyRingEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>(
            sp => new KeyRingOptionsValidator(sp.GetService<IHostEnvironment>())));
        services.AddSingleton(sp => KeyEncryptionKeys.Parse(sp.GetRequiredService<IOptions<KeyRingOptions>>().Value, []));
        services.AddOptions<KeyManagementOptions>().Configure<KeyEncryptionKeys>((options, keys) =>
        {
            if (keys.Any) options.XmlEncryptor = new KeyRingXmlEncryptor(keys);
        });
        services.AddHostedService(sp => new KeyRingStartupLog(sp.GetRequiredService<KeyEncryptionKeys>(), sp.GetRequiredService<ILogger<KeyRingStartupLog>>()));
        return services;
    }

    internal sealed partial class KeyRingStartupLog(KeyEncryptionKeys keys, ILogger<KeyRingStartupLog> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (keys.Any) LogEncrypted(logger, keys.NewestId);
            else LogUnencrypted(logger, KeyRingOptions.KeysSetting);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection key ring: new keys are encrypted with key-encryption key {KekId}")]
        private static partial void LogEncrypted(ILogger logger, int kekId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection key ring is stored UNENCRYPTED (allowed in Development only): set {Setting}:1 to wrap it")]
        private static partial void LogUnencrypted(ILogger logger, string setting);
    }
}
