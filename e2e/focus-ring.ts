/**
 * What a keyboard user sees of focus: the focused element's outline as the browser computes
 * it, and the outline's contrast against the page's background (WCAG 2.2 asks 3:1 of a focus
 * indicator against what it sits on). Colours are read back through a canvas, so any CSS form
 * (hex, rgb(), color-mix()) compares alike.
 */
import type { Locator } from '@playwright/test';

export interface FocusRing {
  /** `outline-style`: "solid" when a ring is drawn, "none" when not. */
  style: string;
  widthPx: number;
  /** Outline colour against the page background, 1–21. */
  contrast: number;
}

export function focusRingOf(locator: Locator): Promise<FocusRing> {
  return locator.evaluate((element) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('no 2d canvas');
    const luminance = (colour: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = colour;
      context.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
      const linear = (channel: number) => {
        const c = channel / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const style = getComputedStyle(element);
    const ring = luminance(style.outlineColor);
    const page = luminance(getComputedStyle(document.body).backgroundColor);
    const [light, dark] = ring > page ? [ring, page] : [page, ring];
    return {
      style: style.outlineStyle,
      widthPx: Number.parseFloat(style.outlineWidth),
      contrast: (light + 0.05) / (dark + 0.05),
    };
  });
}
