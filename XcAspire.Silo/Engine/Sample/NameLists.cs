namespace XcAspire.Silo.Sample;

/// <summary>
/// Synthetic name parts with the shapes real results have (domain.md §3.5): accents, apostrophes,
/// hyphens, particles, suffixes. Small lists, so the same name at two schools happens, as it does.
/// </summary>
internal static class NameLists
{
    public static readonly string[] BoysFirst =
    [
        "Liam", "Noah", "Mateo", "José", "Lucas", "Ethan", "Aiden", "Diego", "Julián", "Owen", "Caleb", "Isaac", "Andrés", "Marcus",
        "Tomás", "Elijah", "Gabriel", "Nicolás", "Henry", "Samuel", "Adrián", "Jonah", "Rafael", "Xavier", "Miles", "Dominic",
        "Joaquín", "Felix", "Ruben", "Theo", "JJ", "Carter", "Emiliano", "Hugo", "Kai", "Santiago",
    ];

    public static readonly string[] GirlsFirst =
    [
        "Olivia", "Emma", "Sofía", "Chloé", "Mia", "Isabella", "Zoë", "Valentina", "Ava", "Renée", "Camila", "Lucía", "Harper",
        "Natalie", "Ximena", "Grace", "Amélie", "Elena", "Maya", "Noémie", "Ruby", "Jimena", "Clara", "Leah", "Paloma", "Iris",
        "Mariana", "Nora", "Beatriz", "Hazel", "Ana", "Lily", "Daniela", "Eva", "Inés", "Stella",
    ];

    public static readonly string[] Last =
    [
        "García", "Smith", "Nguyen", "O'Brien", "Muñoz", "Johnson", "Peña", "D'Angelo", "Smith-Jones", "Lee", "Martínez", "Chen",
        "De la Cruz", "Ramírez", "O'Neil", "Hernández", "Kim", "Walker", "López-Ortiz", "Patel", "Núñez", "Brown", "Castillo",
        "DePrat", "Ibáñez", "Wong", "McAllister", "St. John", "Álvarez", "Okafor", "Rossi", "Sánchez", "Fitzgerald", "Yamamoto",
        "Gómez", "Bergström", "Thompson", "Ortega", "Reyes-Vidal", "Nakamura", "Dubois", "Schäfer", "Morales", "Jiménez",
    ];

    public static readonly string[] Middle = ["A.", "Marie", "James", "Lynn", "R.", "Alexander", "Sofia", "Lee"];

    public static readonly string[] Suffixes = ["Jr.", "III", "II"];

    public static readonly string[] SchoolWords =
    [
        "Lincoln", "Washington", "Mission", "Valley", "Oak Grove", "Palo Alto", "St. Margaret's", "Los Altos", "Monta Vista",
        "Bellarmine", "Archbishop Mitty", "Saratoga", "Leland", "Pioneer", "Del Mar", "Willow Glen", "Evergreen", "Santa Teresa",
        "Gunn", "Menlo", "Sacred Heart", "Crystal Springs", "Burlingame", "Aragon", "Hillsdale", "Carlmont", "Woodside", "Sequoia",
        "Half Moon Bay", "Terra Nova", "San Benito", "Gilroy", "Live Oak", "Sobrato", "Notre Dame", "Presentation", "Harker",
        "Castilleja", "Pinewood", "King's Academy",
    ];

    public static readonly string[] SchoolSuffixes = ["", " (SJ)", " (Ple)", " Prep", " Academy", " (SB)"];
}
