using HubSpotSandbox.Errors;

namespace HubSpotSandbox.Behaviour;

/// <summary>Runs an admitted API call under the fault <see cref="FaultPlan"/> draws for it.</summary>
internal static class FaultInjection
{
    private const string Message = "The sandbox injected this failure (fault plan).";

    public static async Task RunAsync(HttpContext context, FaultPlan faults, ApiCall api, RequestDelegate next)
    {
        var plan = faults.Current;
        var fault = faults.Draw(IsWrite(context, api));
        switch (fault)
        {
            case InjectedFault.RateLimited:
                await HubSpotErrors.RateLimited(context, RateLimitPolicies.TenSecondlyRolling).ExecuteAsync(context);
                return;
            case InjectedFault.ServerError:
                await HubSpotErrors.Write(context, plan.ErrorStatusCode, "INTERNAL_ERROR", Message).ExecuteAsync(context);
                return;
            case InjectedFault.Hang:
                // A caller that timed out meanwhile never sees an answer, and nothing is stored.
                if (!await PauseAsync(context, plan.HangMs)) return;
                break;
            case InjectedFault.Slow:
                if (!await PauseAsync(context, plan.SlowMs)) return;
                break;
            case InjectedFault.ServerErrorAfterWrite or InjectedFault.HangAfterWrite:
                await AfterWriteAsync(context, fault, plan, next);
                return;
        }

        await next(context);
    }

    /// <summary>The handler stores the write into a buffer; the caller then gets an error, or the answer late (or never).</summary>
    private static async Task AfterWriteAsync(HttpContext context, InjectedFault fault, FaultSettings plan, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (fault == InjectedFault.ServerErrorAfterWrite)
        {
            context.Response.Clear();
            await HubSpotErrors.Write(context, plan.ErrorStatusCode, "INTERNAL_ERROR", Message).ExecuteAsync(context);
            return;
        }

        if (!await PauseAsync(context, plan.HangMs)) return;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Waits; false when the caller went away meanwhile.</summary>
    private static async Task<bool> PauseAsync(HttpContext context, int milliseconds)
    {
        try
        {
            await Task.Delay(milliseconds, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsWrite(HttpContext context, ApiCall api) =>
        !api.IsSearch && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
}
