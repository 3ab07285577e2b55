#!/usr/bin/env python3
"""Packs PNG renderings of the icon into a Windows .ico and a macOS .icns.

Both formats may hold plain PNG data per size (Windows Vista and later, macOS 10.7 and later), so
no image library is needed: this only writes the containers' headers around the PNG files.

Usage: pack_icons.py ico OUT.ico SIZE=FILE.png ...
       pack_icons.py icns OUT.icns TYPE=FILE.png ...   (TYPE: ic07, ic08, ic09, ic10, ...)
"""
import struct
import sys


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG file")
    return struct.unpack(">II", data[16:24])


def write_ico(out, entries):
    images = []
    for size_text, path in entries:
        with open(path, "rb") as f:
            data = f.read()
        width, height = png_size(data)
        if (width, height) != (int(size_text), int(size_text)):
            raise SystemExit(f"{path} is {width}x{height}, expected {size_text}")
        images.append((width, data))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory = b""
    for width, data in images:
        # a width or height of 256 is written as 0
        side = 0 if width >= 256 else width
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    with open(out, "wb") as f:
        f.write(header + directory + b"".join(data for _, data in images))


def write_icns(out, entries):
    body = b""
    for kind, path in entries:
        if len(kind) != 4:
            raise SystemExit(f"icns entry types have four letters: {kind}")
        with open(path, "rb") as f:
            data = f.read()
        png_size(data)
        body += kind.encode("ascii") + struct.pack(">I", 8 + len(data)) + data
    with open(out, "wb") as f:
        f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main(argv):
    if len(argv) < 4 or argv[1] not in ("ico", "icns"):
        raise SystemExit(__doc__)
    entries = [arg.split("=", 1) for arg in argv[3:]]
    (write_ico if argv[1] == "ico" else write_icns)(argv[2], entries)


if __name__ == "__main__":
    main(sys.argv)
