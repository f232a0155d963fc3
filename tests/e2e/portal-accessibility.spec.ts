import { expect, test } from "./support/test";

test.describe("the report form is usable by everyone", () => {
  test("every field has a label", async ({ page }) => {
    await page.goto("/report");
    const controls = page.locator(
      "form input:not([type=hidden]):not([name=website]), form textarea, form select",
    );
    const count = await controls.count();
    expect(count).toBeGreaterThan(10);
    for (let i = 0; i < count; i++) {
      const control = controls.nth(i);
      const name = await control.evaluate((el) => {
        const input = el as HTMLInputElement;
        const byLabel = input.labels ? [...input.labels].map((l) => l.textContent ?? "").join(" ") : "";
        return (byLabel || input.getAttribute("aria-label") || "").trim();
      });
      expect(name, await control.evaluate((el) => el.outerHTML.slice(0, 120))).not.toBe("");
    }
  });

  test("at 320 px wide nothing scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of ["/", "/report", "/policy"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  test("the form can be reached and sent with the keyboard alone", async ({ page }) => {
    await page.goto("/report");
    // Tab from the top of the page: the title field and the submit button are both reachable.
    const reached = new Set<string>();
    for (let i = 0; i < 80 && !reached.has("submit"); i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.type === "submit" ? "submit" : (el?.name ?? "");
      });
      reached.add(focused);
    }
    expect(reached.has("title")).toBe(true);
    expect(reached.has("submit")).toBe(true);
    expect(reached.has("website")).toBe(false); // the honeypot is out of the tab order
    // Enter on the focused submit button sends the (empty) form: the errors are announced, focus moves to them.
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").first()).toBeVisible();
  });
});
