/**
 * The extension's modules read `browser` when they are first imported; outside a browser, WXT's
 * fake one stands in (the control check keeps a note in extension storage). Import this first.
 */
import { fakeBrowser } from 'wxt/testing';

Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });
