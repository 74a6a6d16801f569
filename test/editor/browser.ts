/**
 * Chromium from Debian's packages, driven by puppeteer-core (no browser download): installed with
 * apt-get when missing (CI runs as root on a fresh machine), launched headless with a new empty
 * profile. The network is closed: every flag that would make Chromium call home is set.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

function findChromium(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv && existsSync(fromEnv)) return fromEnv;
	return CANDIDATES.find((path) => existsSync(path));
}

/** The Chromium executable, installed from Debian's packages when missing. */
export function ensureChromium(log: (line: string) => void): string {
	const found = findChromium();
	if (found) return found;
	if (process.getuid?.() !== 0) {
		throw new Error(
			'Chromium is missing and this is not root: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)',
		);
	}
	log('  Chromium is missing: apt-get install -y chromium…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = spawnSync('apt-get', ['update'], { env, stdio: 'ignore' });
	if (update.status !== 0) log('  warning: apt-get update failed; trying the install anyway');
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		env,
		stdio: 'ignore',
	});
	const installed = findChromium();
	if (!installed) throw new Error('apt-get installed chromium but no executable was found');
	return installed;
}

export interface LaunchedBrowser {
	browser: Browser;
	close(): Promise<void>;
}

export async function launchBrowser(executablePath: string): Promise<LaunchedBrowser> {
	const profile = mkdtempSync(join(tmpdir(), 'claap-editor-profile-'));
	const browser = await puppeteer.launch({
		executablePath,
		headless: true,
		// Puppeteer's own handlers would exit at once on Ctrl-C, leaving n8n running and no
		// closing line: the suite's runner stops everything, Chromium included.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		defaultViewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			`--user-data-dir=${profile}`,
		],
		protocolTimeout: 120_000,
	});
	return {
		browser,
		async close() {
			await browser.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value, or throws `what` after `timeoutMs`. */
export async function until<T>(
	what: string,
	probe: () => Promise<T | undefined | null | false>,
	timeoutMs = 20_000,
): Promise<T> {
	const started = Date.now();
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`,
			);
		}
		await sleep(200);
	}
}

/** The visible text of every element matching `selector`, trimmed, in document order. */
export async function texts(page: Page, selector: string, root?: string): Promise<string[]> {
	return page.evaluate(
		(sel, rootSel) => {
			const scope = rootSel ? document.querySelector(rootSel) : document;
			if (!scope) return [];
			return Array.from(scope.querySelectorAll<HTMLElement>(sel))
				.filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
				.map((el) => (el.innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim());
		},
		selector,
		root ?? '',
	);
}

/** The first visible element matching `selector` whose text contains `text` (case-sensitive). */
export async function byText(
	page: Page,
	selector: string,
	text: string | RegExp,
): Promise<ElementHandle<Element> | undefined> {
	const handles = await page.$$(selector);
	for (const handle of handles) {
		const found = await handle.evaluate(
			(el, source, flags, plain) => {
				const html = el as HTMLElement;
				if (html.offsetParent === null && html.getClientRects().length === 0) return false;
				const content = (html.innerText ?? html.textContent ?? '').replace(/\s+/g, ' ').trim();
				return plain !== null ? content.includes(plain) : new RegExp(source, flags).test(content);
			},
			text instanceof RegExp ? text.source : '',
			text instanceof RegExp ? text.flags : '',
			typeof text === 'string' ? text : null,
		);
		if (found) return handle;
		await handle.dispose();
	}
	return undefined;
}

export async function clickText(
	page: Page,
	selector: string,
	text: string | RegExp,
	timeoutMs = 15_000,
): Promise<void> {
	const handle = await until(
		`"${String(text)}" in ${selector}`,
		() => byText(page, selector, text),
		timeoutMs,
	);
	await handle.click();
	await handle.dispose();
}
