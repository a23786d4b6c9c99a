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
rem  - UNCONFIRMED: Do not allow exceptions = Enabled is written as firewallpolicy
rem    blockinboundalways,allowoutbound and Disabled as blockinbound,allowoutbound. The KB
rem    947709 table maps exceptions=enable to blockinboundalways, which looks inverted; this
rem    script follows the netsh meaning (no exceptions = blockinboundalways). allowoutbound
rem    matches XP, which never filtered outbound traffic.
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
rem  - UNCONFIRMED: Allow ICMP exceptions = Disabled only removes the fwpolicy ICMP rules;
rem    other rules that allow ICMP (for example the predefined File and Printer Sharing echo
rem    rules) stay. How Windows reads the Disabled state of this policy is not confirmed.
rem  - Rules are named after the exceptions; ICMP and UPnP rules start with fwpolicy. All these
rem    names are deleted first (errors ignored), so the script can be run again; an existing
rem    rule with one of these names is replaced.
rem ============================================================================================
set FAILED=0

rem ============================================================================================
rem Remove the rules this script adds (errors such as No rules match are ignored)
rem ============================================================================================
netsh advfirewall firewall delete rule name="NetMeeting" >nul 2>&1
netsh advfirewall firewall delete rule name="Contoso Agent (100%% & <more>)" >nul 2>&1
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
netsh advfirewall firewall delete rule name="Web Server" >nul 2>&1
netsh advfirewall firewall delete rule name="Remote Assistance" >nul 2>&1
netsh advfirewall firewall delete rule name="SSDP !test! $(x) `y` 'z'" >nul 2>&1
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

rem ============================================================================================
rem Domain Profile (domainprofile; rules profile=domain)
rem ============================================================================================
rem [1] Protect all network connections: Enabled (domainprofile)
netsh advfirewall set domainprofile state on
if errorlevel 1 call :failed 1
rem [2] Do not allow exceptions: Disabled (domainprofile)
netsh advfirewall set domainprofile firewallpolicy blockinbound,allowoutbound
if errorlevel 1 call :failed 2
rem [3] Define program exceptions: program 1 of 2, enabled
netsh advfirewall firewall add rule name="NetMeeting" dir=in action=allow program="%%ProgramFiles%%\NetMeeting\Conf.exe" enable=yes profile=domain remoteip=any
if errorlevel 1 call :failed 3
rem [4] Define program exceptions: program 2 of 2, disabled
netsh advfirewall firewall add rule name="Contoso Agent (100%% & <more>)" dir=in action=allow program="C:\Program Files\Contoso\Agent 100%% & More\agent.exe" enable=no profile=domain remoteip=10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24
if errorlevel 1 call :failed 4
rem Allow local program exceptions: Disabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.
rem [5] Allow remote administration exception: Enabled (group Remote Administration, TCP 135,
rem 445 (+ dynamic RPC for svchost.exe and lsass.exe))
netsh advfirewall firewall set rule group="Remote Administration" dir=in profile=domain new enable=yes remoteip=192.168.10.0/24
if errorlevel 1 call :failed 5
rem [6] Allow file and printer sharing exception: Enabled (group File and Printer Sharing, UDP
rem 137, 138; TCP 139, 445)
netsh advfirewall firewall set rule group="File and Printer Sharing" dir=in profile=domain new enable=yes remoteip=localsubnet
if errorlevel 1 call :failed 6
rem [7] Allow ICMP exceptions: Allow inbound echo request (type 8)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 8 (Allow inbound echo request)" dir=in action=allow protocol=icmpv4:8,any enable=yes profile=domain
if errorlevel 1 call :failed 7
rem [8] Allow ICMP exceptions: Allow outbound packet too big (type 2)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - ICMPv4 type 2 (Allow outbound packet too big)" dir=out action=allow protocol=icmpv4:2,any enable=yes profile=domain
if errorlevel 1 call :failed 8
rem [9] Allow Remote Desktop exception: Enabled (group Remote Desktop, TCP 3389)
netsh advfirewall firewall set rule group="Remote Desktop" dir=in profile=domain new enable=yes remoteip=10.1.0.0/16,localsubnet
if errorlevel 1 call :failed 9
rem [10] Allow UPnP framework exception: Disabled (TCP 2869)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - UPnP framework (TCP 2869)" dir=in action=allow protocol=TCP localport=2869 enable=no profile=domain remoteip=any
if errorlevel 1 call :failed 10
rem [11] Allow UPnP framework exception: Disabled (UDP 1900)
netsh advfirewall firewall add rule name="fwpolicy Domain Profile - UPnP framework (UDP 1900)" dir=in action=allow protocol=UDP localport=1900 enable=no profile=domain remoteip=any
if errorlevel 1 call :failed 11
rem [12] Allow logging: log file (domainprofile)
netsh advfirewall set domainprofile logging filename "%%systemroot%%\system32\LogFiles\Firewall\pfirewall.log"
if errorlevel 1 call :failed 12
rem [13] Allow logging: size 4096 KB (domainprofile)
netsh advfirewall set domainprofile logging maxfilesize 4096
if errorlevel 1 call :failed 13
rem [14] Allow logging: dropped packets (domainprofile)
netsh advfirewall set domainprofile logging droppedconnections enable
if errorlevel 1 call :failed 14
rem [15] Allow logging: successful connections (domainprofile)
netsh advfirewall set domainprofile logging allowedconnections disable
if errorlevel 1 call :failed 15
rem [16] Prohibit notifications: Enabled (domainprofile)
netsh advfirewall set domainprofile settings inboundusernotification disable
if errorlevel 1 call :failed 16
rem Prohibit unicast response to multicast or broadcast requests: Not configured (left as it
rem is).
rem [17] Define port exceptions: TCP 80, enabled
netsh advfirewall firewall add rule name="Web Server" dir=in action=allow protocol=TCP localport=80 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 17
rem [18] Define port exceptions: TCP 135, enabled
netsh advfirewall firewall add rule name="Remote Assistance" dir=in action=allow protocol=TCP localport=135 enable=yes profile=domain remoteip=any
if errorlevel 1 call :failed 18
rem [19] Define port exceptions: UDP 1900, disabled
netsh advfirewall firewall add rule name="SSDP !test! $(x) `y` 'z'" dir=in action=allow protocol=UDP localport=1900 enable=no profile=domain remoteip=10.0.0.0/8
if errorlevel 1 call :failed 19
rem Allow local port exceptions: Enabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.
rem Interface exclusions: 1 connection(s) - netsh advfirewall cannot turn the firewall off for
rem one connection; firewall.ps1 carries them (-DisabledInterfaceAliases), as does netsh.cmd on
rem XP.

rem ============================================================================================
rem Standard Profile (privateprofile and publicprofile; rules profile=private,public)
rem ============================================================================================
rem [20] Protect all network connections: Enabled (privateprofile)
netsh advfirewall set privateprofile state on
if errorlevel 1 call :failed 20
rem [21] Protect all network connections: Enabled (publicprofile)
netsh advfirewall set publicprofile state on
if errorlevel 1 call :failed 21
rem [22] Do not allow exceptions: Enabled (privateprofile)
netsh advfirewall set privateprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 22
rem [23] Do not allow exceptions: Enabled (publicprofile)
netsh advfirewall set publicprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 23
rem Define program exceptions: Not configured (left as it is).
rem Allow local program exceptions: Enabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.
rem Allow remote administration exception: Not configured (left as it is).
rem Allow file and printer sharing exception: Not configured (left as it is).
rem Allow ICMP exceptions: Disabled - the fwpolicy ICMP rules of this profile are removed above;
rem nothing is added.
rem [24] Allow Remote Desktop exception: Disabled (group Remote Desktop)
netsh advfirewall firewall set rule group="Remote Desktop" dir=in profile=private,public new enable=no
if errorlevel 1 call :failed 24
rem Allow UPnP framework exception: Not configured (left as it is).
rem [25] Allow logging: Disabled - no dropped packets (privateprofile)
netsh advfirewall set privateprofile logging droppedconnections disable
if errorlevel 1 call :failed 25
rem [26] Allow logging: Disabled - no dropped packets (publicprofile)
netsh advfirewall set publicprofile logging droppedconnections disable
if errorlevel 1 call :failed 26
rem [27] Allow logging: Disabled - no successful connections (privateprofile)
netsh advfirewall set privateprofile logging allowedconnections disable
if errorlevel 1 call :failed 27
rem [28] Allow logging: Disabled - no successful connections (publicprofile)
netsh advfirewall set publicprofile logging allowedconnections disable
if errorlevel 1 call :failed 28
rem Prohibit notifications: Not configured (left as it is).
rem [29] Prohibit unicast response to multicast or broadcast requests: Enabled (privateprofile)
netsh advfirewall set privateprofile settings unicastresponsetomulticast disable
if errorlevel 1 call :failed 29
rem [30] Prohibit unicast response to multicast or broadcast requests: Enabled (publicprofile)
netsh advfirewall set publicprofile settings unicastresponsetomulticast disable
if errorlevel 1 call :failed 30
rem Define port exceptions: Not configured (left as it is).
rem Allow local port exceptions: Enabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.

rem ============================================================================================
rem Not carried by this script
rem ============================================================================================
rem Allow authenticated IPsec bypass: Enabled - not carried by this script (Registry.pol, LGPO
rem text and .reg carry it).
rem Group Policy refresh interval: Enabled - not carried by this script (Registry.pol, LGPO text
rem and .reg carry it).
rem 2 registry value(s) of other policies - not carried by this script (Registry.pol, LGPO text
rem and .reg carry them).

rem ============================================================================================
echo.
if %FAILED% neq 0 echo fwpolicy: %FAILED% of 30 commands failed; see the messages above.
if %FAILED% neq 0 exit /b 1
echo fwpolicy: all 30 commands succeeded.
exit /b 0

:failed
echo fwpolicy: step %1 failed with exit code %ERRORLEVEL%; see the numbered comments in this script.
set /a FAILED+=1
goto :eof
