using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Storage;

/// <summary>Keeps every formatted log message (and exception text) so tests can search them.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
