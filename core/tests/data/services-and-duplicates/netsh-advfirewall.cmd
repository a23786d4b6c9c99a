@echo off
setlocal EnableExtensions DisableDelayedExpansion
rem ============================================================================================
rem netsh-advfirewall.cmd - Windows Firewall policy as netsh advfirewall commands, generated
rem by fwpolicy.
rem For:  Windows Vista, Windows Server 2008 and later (Windows Firewall with Advanced
rem       Security). For XP SP2 / Server 2003 SP1 use netsh.cmd.
rem Run:  as a local administrator from an elevated command prompt:  netsh-advfirewall.cmd
rem       It changes the local firewall configuration of this computer (local store); settings
rem       that Group Policy applies to the computer take precedence. To write a Group Policy
rem       object use firewall.ps1 -PolicyStore instead.
rem Exit: 0 when every netsh command succeeded, 1 when any failed (each failure is shown).
rem
rem Profiles: Domain Profile = domainprofile; Standard Profile = privateprofile and
rem publicprofile. Every name and path is one double-quoted argument; percent signs are
rem doubled, so %%ProgramFiles%%\App\app.exe reaches the rule unexpanded, as in the policy.
rem Delayed expansion is off, so an exclamation mark in a name is literal. Not configured
rem policies are left as they are.
rem Notes on the mapping:
rem  - UNCONFIRMED: Service exceptions switch predefined rule groups with set rule group=...
rem    dir=in profile=... new enable=...; the group names are the English ones (Windows in
rem    other languages uses translated names) and whether the profile filter matches the
rem    predefined rules of every Windows version is not confirmed. A group that matches no rule
rem    shows up as a failed step.
rem  - UNCONFIRMED: Allow remote administration exception is mapped to the predefined group
rem    Remote Administration (Vista, 7, Server 2008 and 2008 R2; later versions split it into
rem    other groups); not confirmed.
rem  - Outbound ICMP check boxes become dir=out allow rules; they matter only where outbound
rem    traffic is blocked. Unchecked boxes add no rule.
rem  - UNCONFIRMED: Allow UPnP framework exception is written as two fwpolicy rules for TCP
rem    2869 and UDP 1900 (the ports of the XP exception) instead of a predefined group, because
rem    the closest group, Network Discovery, opens much more; not confirmed as equivalent.
rem  - UNCONFIRMED: The Standard profile (not on the domain network) is written to both the
rem    private and the public profile; how Vista and later apply legacy Standard profile policy
rem    to the public profile is not confirmed.
rem  - UNCONFIRMED: Do not allow exceptions = Enabled is written as firewallpolicy
rem    blockinboundalways,allowoutbound and Disabled as blockinbound,allowoutbound. The KB
rem    947709 table maps exceptions=enable to blockinboundalways, which looks inverted; this
rem    script follows the netsh meaning (no exceptions = blockinboundalways). allowoutbound
rem    matches XP, which never filtered outbound traffic.
rem  - Rules are named after the exceptions; ICMP and UPnP rules start with fwpolicy. All these
rem    names are deleted first (errors ignored), so the script can be run again; an existing
rem    rule with one of these names is replaced.
rem ============================================================================================
set FAILED=0

rem ============================================================================================
rem Remove the rules this script adds (errors such as No rules match are ignored)
rem ============================================================================================
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 3 (Allow outbound destination unreachable)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 4 (Allow outbound source quench)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 5 (Allow redirect)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 8 (Allow inbound echo request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 9 (Allow inbound router request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 11 (Allow outbound time exceeded)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 12 (Allow outbound parameter problem)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 13 (Allow inbound timestamp request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 17 (Allow inbound mask request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - ICMPv4 type 2 (Allow outbound packet too big)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - UPnP framework (TCP 2869)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Domain Profile - UPnP framework (UDP 1900)" >nul 2>&1
netsh advfirewall firewall delete rule name="Tool" >nul 2>&1
netsh advfirewall firewall delete rule name="Tool (second definition)" >nul 2>&1
netsh advfirewall firewall delete rule name="Remote" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 3 (Allow outbound destination unreachable)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 4 (Allow outbound source quench)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 5 (Allow redirect)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 8 (Allow inbound echo request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 9 (Allow inbound router request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 11 (Allow outbound time exceeded)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 12 (Allow outbound parameter problem)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 13 (Allow inbound timestamp request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 17 (Allow inbound mask request)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - ICMPv4 type 2 (Allow outbound packet too big)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - UPnP framework (TCP 2869)" >nul 2>&1
netsh advfirewall firewall delete rule name="fwpolicy Standard Profile - UPnP framework (UDP 1900)" >nul 2>&1
netsh advfirewall firewall delete rule name="Intranet" >nul 2>&1
netsh advfirewall firewall delete rule name="Intranet (off)" >nul 2>&1
netsh advfirewall firewall delete rule name="Intranet UDP" >nul 2>&1

rem ============================================================================================
rem Domain Profile (domainprofile; rules profile=domain)
rem ============================================================================================
rem [1] Protect all network connections: Disabled (domainprofile)
netsh advfirewall set domainprofile state off
if errorlevel 1 call :failed 1
rem Do not allow exceptions: Not configured (left as it is).
rem Define program exceptions: Not configured (left as it is).
rem Allow local program exceptions: Not configured (left as it is).
rem [2] Allow remote administration exception: Enabled (group Remote Administration, TCP 135,
rem 445 (+ dynamic RPC for svchost.exe and lsass.exe))
netsh advfirewall firewall set rule group="Remote Administration" dir=in profile=domain new enable=yes remoteip=any
if errorlevel 1 call :failed 2
rem [3] Allow file and printer sharing exception: Enabled (group File and Printer Sharing, UDP
rem 137, 138; TCP 139, 445)
netsh advfirewall firewall set rule group="File and Printer Sharing" dir=in profile=domain new enable=yes remoteip=localsubnet
if errorlevel 1 call :failed 3
rem [4] Allow ICMP exceptions: Allow outbound destination unreachable (type 3)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 3 (Allow outbound destination unreachable)" dir=out action=allow protocol=icmpv4:3,any enable=yes profile=domain
if errorlevel 1 call :failed 4
rem [5] Allow ICMP exceptions: Allow outbound source quench (type 4)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 4 (Allow outbound source quench)" dir=out action=allow protocol=icmpv4:4,any enable=yes profile=domain
if errorlevel 1 call :failed 5
rem [6] Allow ICMP exceptions: Allow redirect (type 5)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 5 (Allow redirect)" dir=in action=allow protocol=icmpv4:5,any enable=yes profile=domain
if errorlevel 1 call :failed 6
rem [7] Allow ICMP exceptions: Allow inbound echo request (type 8)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 8 (Allow inbound echo request)" dir=in action=allow protocol=icmpv4:8,any enable=yes profile=domain
if errorlevel 1 call :failed 7
rem [8] Allow ICMP exceptions: Allow inbound router request (type 9)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 9 (Allow inbound router request)" dir=in action=allow protocol=icmpv4:9,any enable=yes profile=domain
if errorlevel 1 call :failed 8
rem [9] Allow ICMP exceptions: Allow outbound time exceeded (type 11)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 11 (Allow outbound time exceeded)" dir=out action=allow protocol=icmpv4:11,any enable=yes profile=domain
if errorlevel 1 call :failed 9
rem [10] Allow ICMP exceptions: Allow outbound parameter problem (type 12)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 12 (Allow outbound parameter problem)" dir=out action=allow protocol=icmpv4:12,any enable=yes profile=domain
if errorlevel 1 call :failed 10
rem [11] Allow ICMP exceptions: Allow inbound timestamp request (type 13)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 13 (Allow inbound timestamp request)" dir=in action=allow protocol=icmpv4:13,any enable=yes profile=domain
if errorlevel 1 call :failed 11
rem [12] Allow ICMP exceptions: Allow inbound mask request (type 17)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 17 (Allow inbound mask request)" dir=in action=allow protocol=icmpv4:17,any enable=yes profile=domain
if errorlevel 1 call :failed 12
rem [13] Allow ICMP exceptions: Allow outbound packet too big (type 2)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 2 (Allow outbound packet too big)" dir=out action=allow protocol=icmpv4:2,any enable=yes profile=domain
if errorlevel 1 call :failed 13
rem [14] Allow Remote Desktop exception: Enabled (group Remote Desktop, TCP 3389)
netsh advfirewall firewall set rule group="Remote Desktop" dir=in profile=domain new enable=yes remoteip=10.0.0.0/8,localsubnet,192.0.2.7
if errorlevel 1 call :failed 14
rem [15] Allow UPnP framework exception: Enabled (TCP 2869)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - UPnP framework (TCP 2869)" dir=in action=allow protocol=TCP localport=2869 enable=yes profile=domain remoteip=192.168.0.0/16
if errorlevel 1 call :failed 15
rem [16] Allow UPnP framework exception: Enabled (UDP 1900)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - UPnP framework (UDP 1900)" dir=in action=allow protocol=UDP localport=1900 enable=yes profile=domain remoteip=192.168.0.0/16
if errorlevel 1 call :failed 16
rem [17] Allow logging: log file (domainprofile)
netsh advfirewall set domainprofile logging filename "D:\Logs\Firewall 1\pfirewall.log"
if errorlevel 1 call :failed 17
rem [18] Allow logging: size 32767 KB (domainprofile)
netsh advfirewall set domainprofile logging maxfilesize 32767
if errorlevel 1 call :failed 18
rem [19] Allow logging: dropped packets (domainprofile)
netsh advfirewall set domainprofile logging droppedconnections enable
if errorlevel 1 call :failed 19
rem [20] Allow logging: successful connections (domainprofile)
netsh advfirewall set domainprofile logging allowedconnections enable
if errorlevel 1 call :failed 20
rem [21] Prohibit notifications: Disabled (domainprofile)
netsh advfirewall set domainprofile settings inboundusernotification enable
if errorlevel 1 call :failed 21
rem [22] Prohibit unicast response to multicast or broadcast requests: Disabled (domainprofile)
netsh advfirewall set domainprofile settings unicastresponsetomulticast enable
if errorlevel 1 call :failed 22
rem Define port exceptions: Not configured (left as it is).
rem Allow local port exceptions: Not configured (left as it is).

rem ============================================================================================
rem Standard Profile (privateprofile and publicprofile; rules profile=private,public)
rem ============================================================================================
rem [23] Protect all network connections: Disabled (privateprofile)
netsh advfirewall set privateprofile state off
if errorlevel 1 call :failed 23
rem [24] Protect all network connections: Disabled (publicprofile)
netsh advfirewall set publicprofile state off
if errorlevel 1 call :failed 24
rem [25] Do not allow exceptions: Enabled (privateprofile)
netsh advfirewall set privateprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 25
rem [26] Do not allow exceptions: Enabled (publicprofile)
netsh advfirewall set publicprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 26
rem [27] Define program exceptions: program 1 of 3, enabled
netsh advfirewall firewall add rule name="Tool" dir=in action=allow program="C:\Apps\tool.exe" enable=yes profile=private,public remoteip=localsubnet
if errorlevel 1 call :failed 27
rem [28] Define program exceptions: program 2 of 3, enabled
netsh advfirewall firewall add rule name="Tool (second definition)" dir=in action=allow program="c:\apps\TOOL.exe" enable=yes profile=private,public remoteip=10.0.0.5
if errorlevel 1 call :failed 28
rem [29] Define program exceptions: program 3 of 3, enabled
netsh advfirewall firewall add rule name="Remote" dir=in action=allow program="\\server\share\remote.exe" enable=yes profile=private,public remoteip=any
if errorlevel 1 call :failed 29
rem Allow local program exceptions: Not configured (left as it is).
rem [30] Allow remote administration exception: Enabled (group Remote Administration, TCP 135,
rem 445 (+ dynamic RPC for svchost.exe and lsass.exe))
netsh advfirewall firewall set rule group="Remote Administration" dir=in profile=private,public new enable=yes remoteip=any
if errorlevel 1 call :failed 30
rem [31] Allow file and printer sharing exception: Enabled (group File and Printer Sharing, UDP
rem 137, 138; TCP 139, 445)
netsh advfirewall firewall set rule group="File and Printer Sharing" dir=in profile=private,public new enable=yes remoteip=localsubnet
if errorlevel 1 call :failed 31
rem [32] Allow ICMP exceptions: Allow outbound destination unreachable (type 3)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 3 (Allow outbound destination unreachable)" dir=out action=allow protocol=icmpv4:3,any enable=yes profile=private,public
if errorlevel 1 call :failed 32
rem [33] Allow ICMP exceptions: Allow outbound source quench (type 4)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 4 (Allow outbound source quench)" dir=out action=allow protocol=icmpv4:4,any enable=yes profile=private,public
if errorlevel 1 call :failed 33
rem [34] Allow ICMP exceptions: Allow redirect (type 5)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 5 (Allow redirect)" dir=in action=allow protocol=icmpv4:5,any enable=yes profile=private,public
if errorlevel 1 call :failed 34
rem [35] Allow ICMP exceptions: Allow inbound echo request (type 8)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 8 (Allow inbound echo request)" dir=in action=allow protocol=icmpv4:8,any enable=yes profile=private,public
if errorlevel 1 call :failed 35
rem [36] Allow ICMP exceptions: Allow inbound router request (type 9)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 9 (Allow inbound router request)" dir=in action=allow protocol=icmpv4:9,any enable=yes profile=private,public
if errorlevel 1 call :failed 36
rem [37] Allow ICMP exceptions: Allow outbound time exceeded (type 11)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 11 (Allow outbound time exceeded)" dir=out action=allow protocol=icmpv4:11,any enable=yes profile=private,public
if errorlevel 1 call :failed 37
rem [38] Allow ICMP exceptions: Allow outbound parameter problem (type 12)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 12 (Allow outbound parameter problem)" dir=out action=allow protocol=icmpv4:12,any enable=yes profile=private,public
if errorlevel 1 call :failed 38
rem [39] Allow ICMP exceptions: Allow inbound timestamp request (type 13)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 13 (Allow inbound timestamp request)" dir=in action=allow protocol=icmpv4:13,any enable=yes profile=private,public
if errorlevel 1 call :failed 39
rem [40] Allow ICMP exceptions: Allow inbound mask request (type 17)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 17 (Allow inbound mask request)" dir=in action=allow protocol=icmpv4:17,any enable=yes profile=private,public
if errorlevel 1 call :failed 40
rem [41] Allow ICMP exceptions: Allow outbound packet too big (type 2)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - ICMPv4 type 2 (Allow outbound packet too big)" dir=out action=allow protocol=icmpv4:2,any enable=yes profile=private,public
if errorlevel 1 call :failed 41
rem [42] Allow Remote Desktop exception: Enabled (group Remote Desktop, TCP 3389)
netsh advfirewall firewall set rule group="Remote Desktop" dir=in profile=private,public new enable=yes remoteip=10.0.0.0/8,localsubnet,192.0.2.7
if errorlevel 1 call :failed 42
rem [43] Allow UPnP framework exception: Enabled (TCP 2869)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - UPnP framework (TCP 2869)" dir=in action=allow protocol=TCP localport=2869 enable=yes profile=private,public remoteip=192.168.0.0/16
if errorlevel 1 call :failed 43
rem [44] Allow UPnP framework exception: Enabled (UDP 1900)
netsh advfirewall firewall add rule name="fwpolicy Standard Profile - UPnP framework (UDP 1900)" dir=in action=allow protocol=UDP localport=1900 enable=yes profile=private,public remoteip=192.168.0.0/16
if errorlevel 1 call :failed 44
rem [45] Allow logging: log file (privateprofile)
netsh advfirewall set privateprofile logging filename "D:\Logs\Firewall 1\pfirewall.log"
if errorlevel 1 call :failed 45
rem [46] Allow logging: log file (publicprofile)
netsh advfirewall set publicprofile logging filename "D:\Logs\Firewall 1\pfirewall.log"
if errorlevel 1 call :failed 46
rem [47] Allow logging: size 32767 KB (privateprofile)
netsh advfirewall set privateprofile logging maxfilesize 32767
if errorlevel 1 call :failed 47
rem [48] Allow logging: size 32767 KB (publicprofile)
netsh advfirewall set publicprofile logging maxfilesize 32767
if errorlevel 1 call :failed 48
rem [49] Allow logging: dropped packets (privateprofile)
netsh advfirewall set privateprofile logging droppedconnections enable
if errorlevel 1 call :failed 49
rem [50] Allow logging: dropped packets (publicprofile)
netsh advfirewall set publicprofile logging droppedconnections enable
if errorlevel 1 call :failed 50
rem [51] Allow logging: successful connections (privateprofile)
netsh advfirewall set privateprofile logging allowedconnections enable
if errorlevel 1 call :failed 51
rem [52] Allow logging: successful connections (publicprofile)
netsh advfirewall set publicprofile logging allowedconnections enable
if errorlevel 1 call :failed 52
rem [53] Prohibit notifications: Disabled (privateprofile)
netsh advfirewall set privateprofile settings inboundusernotification enable
if errorlevel 1 call :failed 53
rem [54] Prohibit notifications: Disabled (publicprofile)
netsh advfirewall set publicprofile settings inboundusernotification enable
if errorlevel 1 call :failed 54
rem [55] Prohibit unicast response to multicast or broadcast requests: Disabled (privateprofile)
netsh advfirewall set privateprofile settings unicastresponsetomulticast enable
if errorlevel 1 call :failed 55
rem [56] Prohibit unicast response to multicast or broadcast requests: Disabled (publicprofile)
netsh advfirewall set publicprofile settings unicastresponsetomulticast enable
if errorlevel 1 call :failed 56
rem [57] Define port exceptions: TCP 8080, disabled
netsh advfirewall firewall add rule name="Intranet" dir=in action=allow protocol=TCP localport=8080 enable=no profile=private,public remoteip=localsubnet
if errorlevel 1 call :failed 57
rem [58] Define port exceptions: TCP 8080, disabled
netsh advfirewall firewall add rule name="Intranet (off)" dir=in action=allow protocol=TCP localport=8080 enable=no profile=private,public remoteip=10.0.0.0/8
if errorlevel 1 call :failed 58
rem [59] Define port exceptions: UDP 8080, enabled
netsh advfirewall firewall add rule name="Intranet UDP" dir=in action=allow protocol=UDP localport=8080 enable=yes profile=private,public remoteip=any
if errorlevel 1 call :failed 59
rem Allow local port exceptions: Not configured (left as it is).
rem Interface exclusions: 2 connection(s) - netsh advfirewall cannot turn the firewall off for
rem one connection; firewall.ps1 carries them (-DisabledInterfaceAliases), as does netsh.cmd on
rem XP.

rem ============================================================================================
echo.
if %FAILED% neq 0 echo fwpolicy: %FAILED% of 59 commands failed; see the messages above.
if %FAILED% neq 0 exit /b 1
echo fwpolicy: all 59 commands succeeded.
exit /b 0

:failed
echo fwpolicy: step %1 failed with exit code %ERRORLEVEL%; see the numbered comments in this script.
set /a FAILED+=1
goto :eof
