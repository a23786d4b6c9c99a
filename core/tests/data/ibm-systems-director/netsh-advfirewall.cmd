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
rem  - Rules are named after the exceptions; ICMP and UPnP rules start with fwpolicy. All these
rem    names are deleted first (errors ignored), so the script can be run again; an existing
rem    rule with one of these names is replaced.
rem ============================================================================================
set FAILED=0

rem ============================================================================================
rem Remove the rules this script adds (errors such as No rules match are ignored)
rem ============================================================================================
netsh advfirewall firewall delete rule name="IBM Systems Director - FTP data communication with Blade Center I/O modules... (TCP 20)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - FTP communication with Blade Center I/O modules... (TCP 21)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - TFTP communication with Blade Center I/O modules... (TCP 69)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Simple Network Management Protocol (SNMP) traps... (TCP 162)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - SLP communication with Advanced management module... (TCP 427)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - SLP communication with Advanced management module... (UDP 427)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Microsoft SQL Server databases (TCP 1433)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Oracle Database databases (TCP 1521)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Apache Derby databases (TCP 1527)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Communication with the IBM Systems Director Launched Tasks... (TCP 2033)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Smcli command-line interface (TCP 2044)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Remote Desktop Protocol, Remote Desktop Connection, or... (TCP 3389)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Communication with the IBM Systems Director Launched tasks... (TCP 4066)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Virtual Network Computing (VNC), used by Remote Access (TCP 5901)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (Windows and Red Hat Enterprise Linux) CIM Server unsecure port (TCP 5988)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (Windows and Red Hat Enterprise Linux) CIM Server secure... (TCP 5989)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - SAS switches (TCP 6641)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - CIM listener (TCP 6988)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - CIM listener (TCP 6989)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (All operating system platforms) HTTP communication between... (TCP 8421)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (All operating system platforms) HTTPS communication between... (TCP 8422)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Communication with Common Agent and CAS Web services (TCP 9510)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Agent Manage (TCP 9511)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Agent Manage (TCP 9512)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Agent Manage (TCP 9513)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - Receives events sent by advanced management module... (UDP 13991)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - IBM Systems Director interprocess communication (IPC) with... (UDP 14247)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - IBM Systems Director Server interprocess communication (IPC)... (UDP 14251)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (Red Hat Enterprise Linux, SUSE Linux) CIM Server unsecure port (TCP 15988)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - (Red Hat Enterprise Linux, SUSE Linux) CIM Server secure port (TCP 15989)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - CAS Events / Communication with VMWARE (TCP 20000)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - IBM Db2 Universal Database databases (TCP 50000)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - JMS communication with IBM Systems Director Server unsecure port (TCP 61616)" >nul 2>&1
netsh advfirewall firewall delete rule name="IBM Systems Director - JMS communication with IBM Systems Director secure port (TCP 61617)" >nul 2>&1

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
rem [2] Define port exceptions: TCP 20, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - FTP data communication with Blade Center I/O modules... (TCP 20)" dir=in action=allow protocol=TCP localport=20 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 2
rem [3] Define port exceptions: TCP 21, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - FTP communication with Blade Center I/O modules... (TCP 21)" dir=in action=allow protocol=TCP localport=21 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 3
rem [4] Define port exceptions: TCP 69, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - TFTP communication with Blade Center I/O modules... (TCP 69)" dir=in action=allow protocol=TCP localport=69 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 4
rem [5] Define port exceptions: TCP 162, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Simple Network Management Protocol (SNMP) traps... (TCP 162)" dir=in action=allow protocol=TCP localport=162 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 5
rem [6] Define port exceptions: TCP 427, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - SLP communication with Advanced management module... (TCP 427)" dir=in action=allow protocol=TCP localport=427 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 6
rem [7] Define port exceptions: UDP 427, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - SLP communication with Advanced management module... (UDP 427)" dir=in action=allow protocol=UDP localport=427 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 7
rem [8] Define port exceptions: TCP 1433, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Microsoft SQL Server databases (TCP 1433)" dir=in action=allow protocol=TCP localport=1433 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 8
rem [9] Define port exceptions: TCP 1521, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Oracle Database databases (TCP 1521)" dir=in action=allow protocol=TCP localport=1521 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 9
rem [10] Define port exceptions: TCP 1527, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Apache Derby databases (TCP 1527)" dir=in action=allow protocol=TCP localport=1527 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 10
rem [11] Define port exceptions: TCP 2033, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Communication with the IBM Systems Director Launched Tasks... (TCP 2033)" dir=in action=allow protocol=TCP localport=2033 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 11
rem [12] Define port exceptions: TCP 2044, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Smcli command-line interface (TCP 2044)" dir=in action=allow protocol=TCP localport=2044 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 12
rem [13] Define port exceptions: TCP 3389, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Remote Desktop Protocol, Remote Desktop Connection, or... (TCP 3389)" dir=in action=allow protocol=TCP localport=3389 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 13
rem [14] Define port exceptions: TCP 4066, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Communication with the IBM Systems Director Launched tasks... (TCP 4066)" dir=in action=allow protocol=TCP localport=4066 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 14
rem [15] Define port exceptions: TCP 5901, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Virtual Network Computing (VNC), used by Remote Access (TCP 5901)" dir=in action=allow protocol=TCP localport=5901 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 15
rem [16] Define port exceptions: TCP 5988, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (Windows and Red Hat Enterprise Linux) CIM Server unsecure port (TCP 5988)" dir=in action=allow protocol=TCP localport=5988 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 16
rem [17] Define port exceptions: TCP 5989, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (Windows and Red Hat Enterprise Linux) CIM Server secure... (TCP 5989)" dir=in action=allow protocol=TCP localport=5989 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 17
rem [18] Define port exceptions: TCP 6641, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - SAS switches (TCP 6641)" dir=in action=allow protocol=TCP localport=6641 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 18
rem [19] Define port exceptions: TCP 6988, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - CIM listener (TCP 6988)" dir=in action=allow protocol=TCP localport=6988 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 19
rem [20] Define port exceptions: TCP 6989, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - CIM listener (TCP 6989)" dir=in action=allow protocol=TCP localport=6989 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 20
rem [21] Define port exceptions: TCP 8421, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (All operating system platforms) HTTP communication between... (TCP 8421)" dir=in action=allow protocol=TCP localport=8421 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 21
rem [22] Define port exceptions: TCP 8422, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (All operating system platforms) HTTPS communication between... (TCP 8422)" dir=in action=allow protocol=TCP localport=8422 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 22
rem [23] Define port exceptions: TCP 9510, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Communication with Common Agent and CAS Web services (TCP 9510)" dir=in action=allow protocol=TCP localport=9510 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 23
rem [24] Define port exceptions: TCP 9511, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Agent Manage (TCP 9511)" dir=in action=allow protocol=TCP localport=9511 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 24
rem [25] Define port exceptions: TCP 9512, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Agent Manage (TCP 9512)" dir=in action=allow protocol=TCP localport=9512 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 25
rem [26] Define port exceptions: TCP 9513, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Agent Manage (TCP 9513)" dir=in action=allow protocol=TCP localport=9513 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 26
rem [27] Define port exceptions: UDP 13991, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - Receives events sent by advanced management module... (UDP 13991)" dir=in action=allow protocol=UDP localport=13991 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 27
rem [28] Define port exceptions: UDP 14247, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - IBM Systems Director interprocess communication (IPC) with... (UDP 14247)" dir=in action=allow protocol=UDP localport=14247 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 28
rem [29] Define port exceptions: UDP 14251, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - IBM Systems Director Server interprocess communication (IPC)... (UDP 14251)" dir=in action=allow protocol=UDP localport=14251 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 29
rem [30] Define port exceptions: TCP 15988, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (Red Hat Enterprise Linux, SUSE Linux) CIM Server unsecure port (TCP 15988)" dir=in action=allow protocol=TCP localport=15988 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 30
rem [31] Define port exceptions: TCP 15989, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - (Red Hat Enterprise Linux, SUSE Linux) CIM Server secure port (TCP 15989)" dir=in action=allow protocol=TCP localport=15989 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 31
rem [32] Define port exceptions: TCP 20000, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - CAS Events / Communication with VMWARE (TCP 20000)" dir=in action=allow protocol=TCP localport=20000 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 32
rem [33] Define port exceptions: TCP 50000, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - IBM Db2 Universal Database databases (TCP 50000)" dir=in action=allow protocol=TCP localport=50000 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 33
rem [34] Define port exceptions: TCP 61616, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - JMS communication with IBM Systems Director Server unsecure port (TCP 61616)" dir=in action=allow protocol=TCP localport=61616 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 34
rem [35] Define port exceptions: TCP 61617, enabled
netsh advfirewall firewall add rule name="IBM Systems Director - JMS communication with IBM Systems Director secure port (TCP 61617)" dir=in action=allow protocol=TCP localport=61617 enable=yes profile=domain remoteip=localsubnet
if errorlevel 1 call :failed 35
rem Allow local port exceptions: Not configured (left as it is).

rem ============================================================================================
rem Standard Profile (privateprofile and publicprofile; rules profile=private,public)
rem ============================================================================================
rem [36] Protect all network connections: Enabled (privateprofile)
netsh advfirewall set privateprofile state on
if errorlevel 1 call :failed 36
rem [37] Protect all network connections: Enabled (publicprofile)
netsh advfirewall set publicprofile state on
if errorlevel 1 call :failed 37
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
echo.
if %FAILED% neq 0 echo fwpolicy: %FAILED% of 37 commands failed; see the messages above.
if %FAILED% neq 0 exit /b 1
echo fwpolicy: all 37 commands succeeded.
exit /b 0

:failed
echo fwpolicy: step %1 failed with exit code %ERRORLEVEL%; see the numbered comments in this script.
set /a FAILED+=1
goto :eof
