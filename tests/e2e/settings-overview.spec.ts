// The Settings overview as an admin uses it (issue 13, item 3): the GPMC-like list of a
// profile's policies, "Configured only" after setting one, a jump to a card, collapsing and
// expanding cards, and an "Unconfirmed facts" note opened on demand.
import { test, expect } from './fixtures';
import { ready } from './helpers';

const PROTECT = 'Windows Firewall: Protect all network connections';
const ICMP = 'Windows Firewall: Allow ICMP exceptions';
const REMOTE_ADMIN = /^Windows Firewall: Allow (inbound )?remote administration exception/;

test('overview, configured-only filter, jump links, collapsible cards and unconfirmed notes', async ({ page }) => {
  await ready(page);
  const overview = page.getByRole('region', { name: 'Overview' });
  const table = overview.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Setting', 'State', 'Summary']);
  await expect(table.getByRole('row')).toHaveCount(15); // header + the fourteen policies
  await expect(table.getByRole('row', { name: new RegExp(PROTECT) })).toContainText('Not configured');

  // Enable ICMP exceptions on its card; the overview shows the state and what it allows.
  const icmpGroup = page.getByRole('group', { name: ICMP, exact: true });
  await icmpGroup.getByRole('radio', { name: 'Enabled' }).check();
  const icmpRow = table.getByRole('row', { name: new RegExp(ICMP) });
  await expect(icmpRow).toContainText('Enabled');
  await expect(icmpRow).toContainText(/Allows/);

  // Configured only: just that one row remains.
  await overview.getByRole('checkbox', { name: 'Configured only' }).check();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('link', { name: ICMP })).toBeVisible();
  await overview.getByRole('checkbox', { name: 'Configured only' }).uncheck();
  await expect(table.getByRole('row')).toHaveCount(15);

  // Collapse all: names and tri-states stay, explanations go; the jump link reopens a card.
  await overview.getByRole('button', { name: 'Collapse all' }).click();
  const protectToggle = page.getByRole('button', { name: PROTECT });
  await expect(protectToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('group', { name: PROTECT, exact: true }).getByRole('radio', { name: 'Not configured' })).toBeVisible();
  await expect(page.getByText('Windows Defender Firewall: Protect all network connections')).toBeHidden();

  await table.getByRole('link', { name: ICMP }).click();
  await expect(page.getByRole('button', { name: ICMP })).toHaveAttribute('aria-expanded', 'true');
  await expect(icmpGroup.getByRole('radio', { name: 'Enabled' })).toBeFocused();
  await expect(icmpGroup.getByRole('radio', { name: 'Enabled' })).toBeInViewport();

  // One card by its disclosure button.
  await protectToggle.click();
  await expect(protectToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('Windows Defender Firewall: Protect all network connections')).toBeVisible();
  await protectToggle.click();
  await expect(protectToggle).toHaveAttribute('aria-expanded', 'false');
  await overview.getByRole('button', { name: 'Expand all' }).click();
  await expect(protectToggle).toHaveAttribute('aria-expanded', 'true');

  // The Unconfirmed note of Remote administration is behind its info toggle.
  const card = page.getByRole('region', { name: REMOTE_ADMIN });
  const info = card.getByRole('button', { name: 'ⓘ Unconfirmed facts' });
  await expect(info).toHaveAttribute('aria-expanded', 'false');
  await expect(card.getByText(/^Unconfirmed: what the firewall does with an empty scope/)).toBeHidden();
  await info.click();
  await expect(info).toHaveAttribute('aria-expanded', 'true');
  await expect(card.getByText(/^Unconfirmed: what the firewall does with an empty scope/)).toBeVisible();
});
