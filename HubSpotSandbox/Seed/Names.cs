namespace HubSpotSandbox.Seed;

/// <summary>Word lists for generated demo records.</summary>
internal static class Names
{
    public static readonly string[] First =
    [
        "Olivia", "Liam", "Amelia", "Noah", "Isla", "Oliver", "Ava", "George", "Mia", "Arthur", "Freya", "Leo",
        "Grace", "Oscar", "Lily", "Harry", "Ivy", "Jack", "Florence", "Charlie", "Sofia", "Theo", "Ella", "Henry",
        "Priya", "Mateo", "Aiko", "Kwame", "Ingrid", "Tomasz", "Chloe", "Rahul", "Elena", "Yusuf", "Hannah", "Diego",
    ];

    public static readonly string[] Last =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Nakamura",
        "Okafor", "Novak", "Lindqvist", "Garcia", "Rossi", "Kowalski", "Murphy", "Singh", "Haddad", "Fischer",
    ];

    public static readonly string[] CompanyStems =
    [
        "Northwind", "Fabrikam", "Tailspin", "Litware", "Proseware", "Adventure Works", "Wingtip", "Lucerne",
        "Margie's Travel", "Woodgrove", "Alpine Ski", "Blue Yonder", "Coho Vineyard", "Fourth Coffee", "Graphic Design",
        "Humongous", "Lamna", "Southridge", "Trey Research", "Wide World", "Contoso Pharma", "Relecloud",
    ];

    public static readonly string[] CompanySuffixes = ["Ltd", "Group", "Labs", "Partners", "Systems", "Traders", "Holdings"];

    public static readonly string[] Industries = ["COMPUTER_SOFTWARE", "RETAIL", "HOSPITALITY", "MANUFACTURING", "FINANCIAL_SERVICES", "EDUCATION"];

    public static readonly string[] JobTitles =
        ["Head of Operations", "CTO", "Procurement Manager", "Sales Director", "Office Manager", "Founder", "IT Lead", "Finance Director"];

    public static readonly string[] Cities = ["London", "Manchester", "Leeds", "Bristol", "Edinburgh", "Dublin", "Cardiff", "Belfast"];

    public static readonly string[] DealProducts =
        ["Annual licence", "Onboarding package", "Support renewal", "Pilot", "Enterprise upgrade", "Training days", "Expansion seats"];

    public static readonly string[] LifecycleStages = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"];
}
