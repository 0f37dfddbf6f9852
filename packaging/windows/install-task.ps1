# iryosec を Windows の起動時に動かす（タスク スケジューラ）。管理者の PowerShell で実行します。
# Runs iryosec at Windows start-up through Task Scheduler. Run in an administrator PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\install-task.ps1
# Before: copy target\release\iryosec.exe to C:\Program Files\iryosec\ and create the local
# account "iryosec" (see README).
$ErrorActionPreference = "Stop"
$exe  = "C:\Program Files\iryosec\iryosec.exe"
$data = "C:\ProgramData\iryosec"

New-Item -ItemType Directory -Force -Path $data | Out-Null
# Only the service account, SYSTEM and administrators may read the data folder (audit.key is in it).
icacls $data /inheritance:r /grant:r "SYSTEM:(OI)(CI)F" "Administrators:(OI)(CI)F" "iryosec:(OI)(CI)M" | Out-Null

$action   = New-ScheduledTaskAction -Execute $exe -Argument "--data-dir `"$data`" serve" -WorkingDirectory $data
$trigger  = New-ScheduledTaskTrigger -AtStartup
# No time limit (the default stops a task after three days); restart after a failure.
$settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 3 `
  -RestartInterval (New-TimeSpan -Minutes 1) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
$password = Read-Host "iryosec アカウントのパスワード (password of the iryosec account)"
Register-ScheduledTask -TaskName "iryosec" -Action $action -Trigger $trigger -Settings $settings `
  -User "$env:COMPUTERNAME\iryosec" -Password $password -RunLevel Limited -Force | Out-Null
Start-ScheduledTask -TaskName "iryosec"
Write-Host "iryosec は http://127.0.0.1:8080/ で動いています (running)."
