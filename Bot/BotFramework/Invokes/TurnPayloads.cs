using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>The typed payload of the turn being handled; the router has already refused a malformed one.</summary>
public static class TurnPayloads
{
    /// <summary>The invoke's value as <typeparamref name="T"/>; asking for a type the invoke does not carry is a routing bug.</summary>
    public static T Payload<T>(this TurnContext turn) where T : class
    {
        ArgumentNullException.ThrowIfNull(turn);
        return InvokePayloads.Read(turn.Activity).Value as T
            ?? throw new InvalidOperationException($"A '{turn.Activity.Name ?? turn.Activity.Type}' turn carries no {typeof(T).Name}.");
    }

    /// <summary>The data of an Action.Submit from a card in chat.</summary>
    public static CardSubmitValue CardSubmit(this TurnContext turn) => turn.Payload<CardSubmitValue>();
}
