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
rem  - UNCONFIRMED: The Standard profile (not on the domain network) is written to both the
rem    private and the public profile; how Vista and later apply legacy Standard profile policy
rem    to the public profile is not confirmed.
rem  - UNCONFIRMED: Do not allow exceptions = Enabled is written as firewallpolicy
rem    blockinboundalways,allowoutbound and Disabled as blockinbound,allowoutbound. The KB
rem    947709 table maps exceptions=enable to blockinboundalways, which looks inverted; this
rem    script follows the netsh meaning (no exceptions = blockinboundalways). allowoutbound
rem    matches XP, which never filtered outbound traffic.
rem ============================================================================================
set FAILED=0

rem ============================================================================================
rem Domain Profile (domainprofile; rules profile=domain)
rem ============================================================================================
rem [1] Protect all network connections: Enabled (domainprofile)
netsh advfirewall set domainprofile state on
if errorlevel 1 call :failed 1
rem Do not allow exceptions: Not configured (left as it is).
rem Define program exceptions: Not configured (left as it is).
rem Allow local program exceptions: Not configured (left as it is).
rem Allow remote administration exception: Not configured (left as it is).
rem Allow file and printer sharing exception: Not configured (left as it is).
rem Allow ICMP exceptions: Not configured (left as it is).
rem Allow Remote Desktop exception: Not configured (left as it is).
rem Allow UPnP framework exception: Not configured (left as it is).
rem Allow logging: Not configured (left as it is).
rem Prohibit notifications: Not configured (left as it is).
rem Prohibit unicast response to multicast or broadcast requests: Not configured (left as it
rem is).
rem Define port exceptions: Not configured (left as it is).
rem Allow local port exceptions: Not configured (left as it is).

rem ============================================================================================
rem Standard Profile (privateprofile and publicprofile; rules profile=private,public)
rem ============================================================================================
rem [2] Protect all network connections: Enabled (privateprofile)
netsh advfirewall set privateprofile state on
if errorlevel 1 call :failed 2
rem [3] Protect all network connections: Enabled (publicprofile)
netsh advfirewall set publicprofile state on
if errorlevel 1 call :failed 3
rem [4] Do not allow exceptions: Enabled (privateprofile)
netsh advfirewall set privateprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 4
rem [5] Do not allow exceptions: Enabled (publicprofile)
netsh advfirewall set publicprofile firewallpolicy blockinboundalways,allowoutbound
if errorlevel 1 call :failed 5
rem Define program exceptions: Not configured (left as it is).
rem Allow local program exceptions: Disabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.
rem Allow remote administration exception: Not configured (left as it is).
rem Allow file and printer sharing exception: Not configured (left as it is).
rem Allow ICMP exceptions: Not configured (left as it is).
rem Allow Remote Desktop exception: Not configured (left as it is).
rem Allow UPnP framework exception: Not configured (left as it is).
rem Allow logging: Not configured (left as it is).
rem Prohibit notifications: Not configured (left as it is).
rem Prohibit unicast response to multicast or broadcast requests: Not configured (left as it
rem is).
rem Define port exceptions: Not configured (left as it is).
rem Allow local port exceptions: Disabled - the local store has no per-list merge setting;
rem firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it.

rem ============================================================================================
echo.
if %FAILED% neq 0 echo fwpolicy: %FAILED% of 5 commands failed; see the messages above.
if %FAILED% neq 0 exit /b 1
echo fwpolicy: all 5 commands succeeded.
exit /b 0

:failed
echo fwpolicy: step %1 failed with exit code %ERRORLEVEL%; see the numbered comments in this script.
set /a FAILED+=1
goto :eof
