#!/usr/bin/env python3
"""Writes the round-trip fixtures of core/tests/roundtrip.rs (issue 10).

Independent of fwpolicy's writers: the records are encoded here byte by byte, in the styles
of three tools that write Registry.pol files (see README.md next to this script). Run it
from this directory; the outputs are committed, so running it again must change nothing.
"""
import struct

NONE, SZ, EXPAND_SZ, BINARY, DWORD, MULTI_SZ, QWORD = 0, 1, 2, 3, 4, 7, 11
FW = r"SOFTWARE\Policies\Microsoft\WindowsFirewall"


def u16(text, nul=True):
    return text.encode("utf-16-le") + (b"\0\0" if nul else b"")


def record(key, value, kind, data):
    semi = u16(";", False)
    return (u16("[", False) + u16(key) + semi + u16(value) + semi + struct.pack("<I", kind)
            + semi + struct.pack("<I", len(data)) + semi + data + u16("]", False))


def pol(records):
    return b"PReg" + struct.pack("<I", 1) + b"".join(record(*r) for r in records)


def dw(key, value, n):
    return (key, value, DWORD, struct.pack("<I", n))


def sz(key, value, text, nul=True, kind=SZ):
    return (key, value, kind, u16(text, nul))


def item(key, text):
    return sz(key, text, text)


def multi(*items):
    return b"".join(u16(i) for i in items) + b"\0\0"


def gpmc():
    """GPMC: keys spelt as in the ADMX (SOFTWARE\\...), grouped by key in the order the
    policies were configured; delete markers are REG_SZ " "; a **delvals. before list items."""
    d, s = FW + r"\DomainProfile", FW + r"\StandardProfile"
    return [
        dw(r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU", "NoAutoUpdate", 0),
        dw(r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU", "AUOptions", 4),
        sz(r"Software\Policies\Microsoft\Windows\WindowsUpdate", "WUServer", "http://wsus.corp.example:8530"),
        dw(d, "EnableFirewall", 1),
        dw(d, "DisableNotifications", 1),
        dw(d + r"\AuthorizedApplications", "Enabled", 1),
        sz(d + r"\AuthorizedApplications\List", "**delvals.", " "),
        item(d + r"\AuthorizedApplications\List", r"%ProgramFiles%\Contoso\agent.exe:LocalSubnet:Enabled:Contoso Agent"),
        item(d + r"\AuthorizedApplications\List", r"C:\Tools\backup.exe:*:enabled:Backup"),
        dw(d + r"\GloballyOpenPorts", "Enabled", 1),
        item(d + r"\GloballyOpenPorts\List", "80:TCP:*:enabled:Web"),
        item(d + r"\GloballyOpenPorts\List", "445:TCP:LocalSubnet:enabled:SMB"),
        item(d + r"\GloballyOpenPorts\List", "161:udp:10.0.0.0/255.0.0.0:enabled:SNMP"),
        dw(d + r"\IcmpSettings", "AllowInboundEchoRequest", 1),
        dw(d + r"\IcmpSettings", "AllowOutboundDestinationUnreachable", 0),
        dw(d + r"\Services\RemoteDesktop", "Enabled", 1),
        sz(d + r"\Services\RemoteDesktop", "RemoteAddresses", "LocalSubnet"),
        dw(d + r"\RemoteAdminSettings", "Enabled", 0),
        sz(d + r"\RemoteAdminSettings", "**del.RemoteAddresses", " "),
        # written twice: the client applies records in order, the last one wins (Disabled)
        dw(d, "EnableFirewall", 0),
        dw(s, "EnableFirewall", 1),
        dw(s, "DoNotAllowExceptions", 1),
        dw(s + r"\Logging", "LogDroppedPackets", 1),
        dw(s + r"\Logging", "LogSuccessfulConnections", 0),
        sz(s + r"\Logging", "LogFilePath", r"%systemroot%\system32\LogFiles\Firewall\pfirewall.log"),
        dw(s + r"\Logging", "LogFileSize", 4096),
        sz(r"Software\Policies\Microsoft\Windows NT\Terminal Services", "WallPaper", r"%SystemRoot%\web\corp.bmp", kind=EXPAND_SZ),
        (r"Software\Policies\Microsoft\Windows NT\Terminal Services", "Servers", MULTI_SZ, multi("ts1", "ts2")),
        (r"Software\Policies\Contoso\Agent", "MaxCache", QWORD, struct.pack("<Q", 1 << 40)),
        (r"Software\Policies\Contoso\Agent", "Thumbprint", BINARY, bytes.fromhex("a1b2c3d4e5f60718")),
        dw(r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTime", 90),
        dw(r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTimeOffset", 30),
    ]


def lgpo():
    """LGPO.exe /r ... /w: records in the order of the text file (policies interleaved with
    unrelated ones), keys spelt Software\\..., delete markers whose data is a bare NUL, a
    CREATEKEY record and a DELETEALLVALUES (**delvals.) with empty data."""
    d, s = FW + r"\DomainProfile", FW + r"\StandardProfile"
    d, s = d.replace("SOFTWARE", "Software"), s.replace("SOFTWARE", "Software")
    return [
        (r"Software\Policies\Contoso\Agent", "", NONE, b""),
        dw(s, "EnableFirewall", 1),
        sz(r"Software\Policies\Contoso\Agent", "InstallDir", r"%ProgramFiles%\Contoso", kind=EXPAND_SZ),
        dw(s + r"\GloballyOpenPorts", "Enabled", 1),
        sz(s + r"\GloballyOpenPorts\List", "**delvals.", "", nul=False),
        item(s + r"\GloballyOpenPorts\List", "3389:TCP:LocalSubnet:enabled:Remote Desktop"),
        item(s + r"\GloballyOpenPorts\List", "8080:tcp:*:Enabled:Proxy"),
        dw(s + r"\IcmpSettings", "AllowInboundEchoRequest", 1),
        dw(s + r"\IcmpSettings", "AllowInboundEchoRequest", 0),
        dw(s + r"\IcmpSettings", "AllowRedirect", 1),
        (r"Software\Policies\Contoso\Agent", "Servers", MULTI_SZ, multi("a.corp.example", "b.corp.example")),
        dw(d, "EnableFirewall", 1),
        dw(d + r"\AuthorizedApplications", "Enabled", 1),
        item(d + r"\AuthorizedApplications\List", r"%windir%\system32\sessmgr.exe:*:enabled:Remote Assistance"),
        item(d + r"\AuthorizedApplications\List", r"C:\Program Files\App\app.exe:LocalSubnet,192.168.1.0/24:enabled:App"),
        dw(d + r"\Services\FileAndPrint", "Enabled", 0),
        sz(d + r"\Services\FileAndPrint", "**del.RemoteAddresses", "", nul=True),
        (r"Software\Policies\Contoso\Agent", "Epoch", QWORD, struct.pack("<Q", 1234567890123)),
        (r"Software\Policies\Contoso\Agent", "Key", BINARY, bytes.fromhex("00ff10ee")),
        dw(r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTime", 60),
        dw(r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTimeOffset", 10),
    ]


def policyplus():
    """PolicyPlus: records sorted by key then value name, keys spelt in lower case, **del.
    markers REG_SZ " ", strings of other policies without a terminating NUL."""
    d = (FW + r"\DomainProfile").lower()
    s = (FW + r"\StandardProfile").lower()
    recs = [
        dw(d, "DoNotAllowExceptions", 0),
        dw(d, "EnableFirewall", 1),
        dw(d, "DisableUnicastResponsesToMulticastBroadcast", 1),
        dw(d + r"\globallyopenports", "Enabled", 1),
        dw(d + r"\globallyopenports", "AllowUserPrefMerge", 1),
        item(d + r"\globallyopenports\list", "135:TCP:LocalSubnet:enabled:RPC"),
        item(d + r"\globallyopenports\list", "53:UDP:*:enabled:DNS"),
        item(d + r"\globallyopenports\list", "53:UDP:*:enabled:DNS"),
        dw(d + r"\icmpsettings", "AllowInboundEchoRequest", 1),
        dw(d + r"\icmpsettings", "AllowInboundMaskRequest", 0),
        dw(d + r"\icmpsettings", "AllowOutboundPacketTooBig", 1),
        dw(d + r"\services\upnpframework", "Enabled", 1),
        sz(d + r"\services\upnpframework", "RemoteAddresses", "LocalSubnet,10.1.0.0/16"),
        dw(s, "EnableFirewall", 1),
        dw(s, "EnableFirewall", 1),
        sz(s + r"\logging", "LogDroppedPackets", "0"),
        sz(s + r"\logging", "LogSuccessfulConnections", "0"),
        sz(s + r"\logging", "**del.LogFilePath", " "),
        sz(s + r"\logging", "**del.LogFileSize", " "),
        sz(r"software\policies\contoso\agent", "Proxy", "proxy.corp.example:3128", nul=False),
        sz(r"software\policies\contoso\agent", "Root", r"%SystemDrive%\Contoso", kind=EXPAND_SZ),
        (r"software\policies\contoso\agent", "Seed", QWORD, struct.pack("<Q", 42)),
        (r"software\policies\contoso\agent", "Blob", BINARY, b""),
        sz(r"software\policies\microsoft\windows\ipsec\icfv4", "BypassFirewall", "O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1004336348-1177238915-682003330-512)"),
        dw(r"software\policies\microsoft\windows\system", "GroupPolicyRefreshTime", 45),
        dw(r"software\policies\microsoft\windows\system", "GroupPolicyRefreshTimeOffset", 5),
    ]
    return sorted(recs, key=lambda r: (r[0].lower(), r[1].lower()))


for name, recs in (("gpmc", gpmc()), ("lgpo", lgpo()), ("policyplus", policyplus())):
    with open(f"{name}.pol", "wb") as f:
        f.write(pol(recs))


def lgpo_text():
    """LGPO.exe /parse output: the LGPO text an admin keeps next to a GPO."""
    d = FW + r"\DomainProfile"
    recs = [
        (r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU", "NoAutoUpdate", "DWORD:0"),
        (d, "EnableFirewall", "DWORD:1"),
        (d + r"\GloballyOpenPorts", "Enabled", "DWORD:1"),
        (d + r"\GloballyOpenPorts\List", "*", "DELETEALLVALUES"),
        (d + r"\GloballyOpenPorts\List", "80:TCP:*:enabled:Web", "SZ:80:TCP:*:enabled:Web"),
        (d + r"\GloballyOpenPorts\List", "445:TCP:LocalSubnet:enabled:SMB", "SZ:445:TCP:LocalSubnet:enabled:SMB"),
        (r"Software\Policies\Contoso\Agent", "Root", r"EXSZ:%SystemDrive%\Contoso"),
        (r"Software\Policies\Contoso\Agent", "Servers", r"MULTISZ:a.corp.example\0b.corp.example"),
        (r"Software\Policies\Contoso\Agent", "Epoch", "QWORD:1234567890123"),
        (r"Software\Policies\Contoso\Agent", "Key", "BINARY:00ff10ee"),
        (d + r"\IcmpSettings", "AllowInboundEchoRequest", "DWORD:1"),
        (d + r"\RemoteAdminSettings", "Enabled", "DWORD:0"),
        (d + r"\RemoteAdminSettings", "RemoteAddresses", "DELETE"),
        (d, "DisableNotifications", "DWORD:1"),
        (d, "EnableFirewall", "DWORD:0"),
        (r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTime", "DWORD:90"),
        (r"Software\Policies\Microsoft\Windows\System", "GroupPolicyRefreshTimeOffset", "DWORD:30"),
    ]
    lines = ["; ----------------------------------------------------------------------",
             "; PARSING Computer POLICY",
             r"; Source file:  C:\GPO\Machine\Registry.pol", ""]
    for k, v, a in recs:
        lines += ["Computer", k, v, a, ""]
    lines += ["; PARSING COMPLETED.",
              "; ----------------------------------------------------------------------", ""]
    return "\r\n".join(lines).encode("ascii")


def reg_file():
    """regedit export (UTF-16LE with BOM, CRLF); StandardProfile appears in two blocks."""
    def hexs(b):
        return ",".join(f"{x:02x}" for x in b)
    s = r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile"
    apps = r"%ProgramFiles%\\Contoso\\agent.exe:LocalSubnet:Enabled:Contoso Agent"
    backup = r"C:\\Tools\\backup.exe:*:enabled:Backup"
    lines = [
        "Windows Registry Editor Version 5.00", "",
        f"[{s}]", '"EnableFirewall"=dword:00000001', '"DoNotAllowExceptions"=dword:00000000', "",
        f"[{s}\\AuthorizedApplications]", '"Enabled"=dword:00000001', "",
        f"[{s}\\AuthorizedApplications\\List]", f'"{apps}"="{apps}"', f'"{backup}"="{backup}"', "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Contoso\Agent]",
        '"Root"=hex(2):' + hexs(u16(r"%SystemDrive%\Contoso")),
        '"Servers"=hex(7):' + hexs(multi("a", "b")),
        '"Epoch"=hex(b):' + hexs(struct.pack("<Q", 1234567890123)),
        '"Key"=hex:00,ff,10,ee', "",
        f"[{s}\\Services\\FileAndPrint]", '"Enabled"=dword:00000000', '"RemoteAddresses"=-', "",
        f"[{s}]", '"DisableNotifications"=dword:00000001', "",
        f"[{s}\\IcmpSettings]", '"AllowInboundEchoRequest"=dword:00000001',
        '"AllowInboundEchoRequest"=dword:00000000', "",
    ]
    return b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le")


with open("lgpo.txt", "wb") as f:
    f.write(lgpo_text())
with open("policy.reg", "wb") as f:
    f.write(reg_file())
