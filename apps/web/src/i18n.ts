/**
 * Interface strings through i18next (react-i18next): zh-CN by default, English on request; the
 * choice is kept in localStorage. Business terms follow the documents' wording (牵头/配合, 销号, 退回…).
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./locales/en.ts";
import { zh } from "./locales/zh.ts";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "reform.lang";

function saved(): Language {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return v === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

export function setupI18n(lng: Language = saved()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { "zh-CN": { translation: zh }, en: { translation: en } },
      lng,
      fallbackLng: "zh-CN",
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return i18n;
}

export function changeLanguage(lng: Language) {
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // not kept
  }
  document.documentElement.lang = lng;
  return i18n.changeLanguage(lng);
}

export { i18n };
