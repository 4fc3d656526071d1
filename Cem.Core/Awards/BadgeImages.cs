using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Cem.Core.Metrics;

namespace Cem.Core.Awards;

/// <summary>
/// The badge images, drawn here so no binary is committed: a medal in the level's colour as PNG, and an SVG with its
/// name. Baking (Open Badges 3.0, §5.3) puts the VC-JWT inside: in a PNG one uncompressed <c>iTXt</c> chunk with
/// keyword <c>openbadgecredential</c> before <c>IEND</c>; in an SVG an <c>openbadges:credential</c> element whose
/// <c>verify</c> attribute holds it.
/// </summary>
public static class BadgeImages
{
    public const string ObNamespace = "https://purl.imsglobal.org/ob/v3p0";
    public const string PngKeyword = "openbadgecredential";
    private const int Size = 256;
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Png(BadgeLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        var (r, g, b) = Rgb(level.Color);
        var raw = new byte[Size * (1 + (Size * 4))];
        var centre = (Size - 1) / 2.0;
        for (var y = 0; y < Size; y++)
        {
            var row = y * (1 + (Size * 4));
            raw[row] = 0; // filter: none
            for (var x = 0; x < Size; x++)
            {
                var distance = Math.Sqrt(((x - centre) * (x - centre)) + ((y - centre) * (y - centre)));
                var p = row + 1 + (x * 4);
                var ring = distance is > 96 and < 104;
                var inside = distance <= 124;
                (raw[p], raw[p + 1], raw[p + 2], raw[p + 3]) = !inside ? ((byte)0, (byte)0, (byte)0, (byte)0)
                    : ring ? ((byte)255, (byte)255, (byte)255, (byte)255)
                    : (r, g, b, (byte)255);
            }
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Size);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The PNG with one <c>iTXt</c> chunk holding <paramref name="jwt"/> inserted before <c>IEND</c>.</summary>
    public static byte[] BakePng(byte[] png, string jwt)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentNullException.ThrowIfNull(jwt);
        var iend = png.Length - 12; // IEND is last: length 0, type, CRC
        if (iend < Signature.Length || Encoding.ASCII.GetString(png, iend + 4, 4) != "IEND")
        {
            throw new ArgumentException("Not a PNG ending in IEND.", nameof(png));
        }

        // keyword, NUL, compression flag 0, compression method 0, empty language tag + NUL, empty translated keyword + NUL, text.
        var data = new List<byte>(Encoding.ASCII.GetBytes(PngKeyword)) { 0, 0, 0, 0, 0 };
        data.AddRange(Encoding.UTF8.GetBytes(jwt));
        using var baked = new MemoryStream();
        baked.Write(png, 0, iend);
        WriteChunk(baked, "iTXt", [.. data]);
        baked.Write(png, iend, 12);
        return baked.ToArray();
    }

    /// <summary>The SVG badge; with <paramref name="jwt"/>, baked.</summary>
    public static string Svg(BadgeLevel level, string? title, string? jwt)
    {
        ArgumentNullException.ThrowIfNull(level);
        var name = SecurityElement.Escape(level.Name);
        var heading = SecurityElement.Escape(title ?? level.Name);
        var credential = jwt is null ? "" : $"\n  <openbadges:credential verify=\"{SecurityElement.Escape(jwt)}\"/>";
        return string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{ObNamespace}" width="256" height="256" viewBox="0 0 256 256" role="img" aria-labelledby="t">{credential}
              <title id="t">{heading}</title>
              <circle cx="128" cy="128" r="124" fill="{level.Color}"/>
              <circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-width="8"/>
              <text x="128" y="112" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="22" font-weight="bold" fill="#ffffff">CEM for States</text>
              <text x="128" y="148" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="26" font-weight="bold" fill="#ffffff">{SecurityElement.Escape(level.Level == BadgeLevels.ParticipatingDistrict ? "District" : RecognitionLevels.Describe(level.Level))}</text>
              <desc>{name}</desc>
            </svg>

            """);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc(typed));
        png.Write(number);
    }

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static (byte R, byte G, byte B) Rgb(string hex) =>
        (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));
}
