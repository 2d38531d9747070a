// The fastest this box can answer an HTTP POST through Kestrel: no auth, no parsing, no reply to a connector.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok());
app.MapPost("/api/messages", () => Results.Ok());
app.Run();
