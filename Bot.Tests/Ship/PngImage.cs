using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bot.Tests.Ship;

/// <summary>
/// Reads a non-interlaced 8-bit PNG (greyscale, RGB or RGBA, with or without alpha) into RGBA pixels,
/// independently of the script that wrote our icons, so the icon tests check the real files.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

    private PngImage(int width, int height, byte colorType, byte[] rgba)
    {
        Width = width;
        Height = height;
        ColorType = colorType;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>PNG colour type: 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA.</summary>
    public byte ColorType { get; }

    public byte[] Rgba { get; }

    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException($"{path} is not a PNG file.");
        }

        int width = 0, height = 0;
        byte colorType = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            var type = Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                colorType = data[9];
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new NotSupportedException("Only 8-bit, non-interlaced PNGs are read here.");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {colorType}") };
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var pixels = Unfilter(raw.ToArray(), width, height, channels);
        return new PngImage(width, height, colorType, ToRgba(pixels, channels));
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int channels)
    {
        var stride = width * channels;
        var output = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[(y * (stride + 1)) + 1 + x];
                int left = x >= channels ? output[(y * stride) + x - channels] : 0;
                int up = y > 0 ? output[((y - 1) * stride) + x] : 0;
                int upLeft = x >= channels && y > 0 ? output[((y - 1) * stride) + x - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                };
                output[(y * stride) + x] = (byte)(value + predictor);
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgba(byte[] pixels, int channels)
    {
        var count = pixels.Length / channels;
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            var p = pixels.AsSpan(i * channels, channels);
            (rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2], rgba[(i * 4) + 3]) = channels switch
            {
                1 => (p[0], p[0], p[0], (byte)255),
                2 => (p[0], p[0], p[0], p[1]),
                3 => (p[0], p[1], p[2], (byte)255),
                _ => (p[0], p[1], p[2], p[3]),
            };
        }

        return rgba;
    }
}
