using System.Net.Http.Json;
using System.Text.Json;

namespace Bot.Tests.Sandbox;

/// <summary>Small JSON helpers for the sandbox tests.</summary>
internal static class Json
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, json);
    }

    public static string Prop(this JsonElement record, string name) =>
        record.GetProperty("properties").GetProperty(name).GetString()!;
}
