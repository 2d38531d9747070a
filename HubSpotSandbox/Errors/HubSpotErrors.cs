namespace HubSpotSandbox.Errors;

/// <summary>Builds HubSpot-shaped error responses. Messages follow HubSpot's wording where it is known.</summary>
public static class HubSpotErrors
{
    public static IResult Write(HttpContext context, int status, string category, string message,
        IReadOnlyList<HubSpotErrorDetail>? errors = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errorContext = null,
        string? subCategory = null,
        IReadOnlyDictionary<string, string>? links = null) =>
        Results.Json(new HubSpotError
        {
            Message = message,
            CorrelationId = Correlation.IdOf(context),
            Category = category,
            SubCategory = subCategory,
            Errors = errors,
            Context = errorContext,
            Links = links,
        }, statusCode: status);

    public static IResult Validation(HttpContext context, string message, IReadOnlyList<HubSpotErrorDetail>? errors = null) =>
        Write(context, StatusCodes.Status400BadRequest, "VALIDATION_ERROR", message, errors);

    public static IResult NotFound(HttpContext context, string message = "resource not found") =>
        Write(context, StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", message);

    public static IResult Conflict(HttpContext context, string message) =>
        Write(context, StatusCodes.Status409Conflict, "CONFLICT", message);

    public static IResult MissingAuthentication(HttpContext context) =>
        Write(context, StatusCodes.Status401Unauthorized, "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");

    public static IResult InvalidAuthentication(HttpContext context) =>
        Write(context, StatusCodes.Status401Unauthorized, "INVALID_AUTHENTICATION",
            "The OAuth token used to make this call is invalid or has been revoked.");

    public static IResult ExpiredAuthentication(HttpContext context, TimeSpan ago) =>
        Write(context, StatusCodes.Status401Unauthorized, "EXPIRED_AUTHENTICATION",
            $"The OAuth token used to make this call expired {Math.Max(0, (int)ago.TotalMinutes)} minute(s) ago.");

    public static IResult MissingScopes(HttpContext context, IReadOnlyList<string> acceptedScopes) =>
        Write(context, StatusCodes.Status403Forbidden, "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
            [new HubSpotErrorDetail
            {
                Message = "One or more of the following scopes are required.",
                Context = new Dictionary<string, IReadOnlyList<string>> { ["requiredGranularScopes"] = acceptedScopes },
            }],
            new Dictionary<string, IReadOnlyList<string>> { ["missingScopes"] = acceptedScopes },
            links: new Dictionary<string, string> { ["scopes"] = "https://developers.hubspot.com/scopes" });

    public static IResult RateLimited(HttpContext context, string policyName)
    {
        var message = policyName switch
        {
            RateLimitPolicies.Secondly => "You have reached your secondly limit.",
            RateLimitPolicies.Daily => "You have reached your daily limit.",
            _ => "You have reached your ten_secondly_rolling limit.",
        };
        return Results.Json(new RateLimitError
        {
            Message = message,
            CorrelationId = Correlation.IdOf(context),
            PolicyName = policyName,
            RequestId = Guid.NewGuid().ToString("N"),
        }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    public static IResult InjectedFailure(HttpContext context, int status) =>
        Write(context, status, "INTERNAL_ERROR", "The sandbox injected this failure (behaviour switch errorRate).");

    public static IResult OAuth(HttpContext context, int status, string error, string description, string legacyStatus) =>
        Results.Json(new OAuthError
        {
            Error = error,
            ErrorDescription = description,
            Status = legacyStatus,
            Message = description,
            CorrelationId = Correlation.IdOf(context),
        }, statusCode: status);
}

/// <summary>Policy names HubSpot puts in 429 bodies.</summary>
public static class RateLimitPolicies
{
    public const string TenSecondlyRolling = "TEN_SECONDLY_ROLLING";
    public const string Secondly = "SECONDLY";
    public const string Daily = "DAILY";
}
