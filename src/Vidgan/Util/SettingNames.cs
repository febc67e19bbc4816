using System.Text.Json;

namespace Vidgan.Util;

/// <summary>The names settings' enum values have in config.json, the catalog, the CLI and the API: kebab-case
/// (<c>WganGp</c> is <c>wgan-gp</c>), as <see cref="Json"/> writes them.</summary>
public static class SettingNames
{
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string[] Names<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(Name).ToArray();

    /// <summary>The names of an enum type's values, for a type known only at run time.</summary>
    public static string[] Names(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();

    /// <summary>The value named <paramref name="name"/>; an unknown name is a usage error naming the setting.</summary>
    public static T Parse<T>(string name, string setting)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (Name(value) == name)
                return value;
        throw new VidganException($"unknown {setting} '{name}': use {string.Join(", ", Names<T>())}", 2);
    }
}
