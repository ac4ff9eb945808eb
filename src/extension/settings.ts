// Typed, validated access to the "embeddingLens.*" settings (declared in package.json contributes.configuration).
import * as vscode from 'vscode';
import { DEFAULT_MODEL_KIND, isModelKind, type ModelKind } from '../core/model-kinds';
import { MAX_SEEDS } from '../engine/plan';
import { codeIncludeGlob, CODE_LANGUAGE_IDS } from '../core/code/languages';
import { CODE_PARTS, type CodePart } from '../core/code/source-report';
import type { CodeOptions } from '../engine/corpus-processor';

export const SECTION = 'embeddingLens';
/** Prose files, then every source extension that has a grammar (package.json's default must equal this). */
export const DEFAULT_INCLUDE = ['**/*.{md,markdown,txt,rst,adoc,tex,org}', codeIncludeGlob()];

export interface Settings {
  include: string[];
  exclude: string[];
  maxFileSizeKB: number;
  model: ModelKind;
  dimensions: number;
  window: number;
  negative: number;
  epochs: number; // 0 = auto
  minCount: number; // 0 = auto
  threads: number; // 0 = all cores
  lowercase: boolean;
  hoverEnabled: boolean;
  hoverCount: number;
  /** seeds per trained model: a count, or 'auto' (as many as fit seedsBudgetSeconds, judged by the first) */
  seeds: number | 'auto';
  seedsBudgetSeconds: number;
  code: CodeOptions;
  /** Load Embeddings from File…: offer fewer words above this many MB of vectors */
  loadLargeModelMB: number;
  /** Load Embeddings from File…: keep a reference instead of a copy above this many MB */
  loadCopyLimitMB: number;
}

function codeSettings(c: vscode.WorkspaceConfiguration): CodeOptions {
  const parts = c.get<unknown>('code.parts');
  const languages = c.get<unknown>('code.languages');
  const on: Record<string, boolean> = {};
  if (languages && typeof languages === 'object') {
    for (const id of CODE_LANGUAGE_IDS) if ((languages as Record<string, unknown>)[id] === false) on[id] = false;
  }
  return {
    enabled: c.get<boolean>('code.enabled', true) !== false,
    parts: Array.isArray(parts) ? CODE_PARTS.filter((p: CodePart) => parts.includes(p)) : [...CODE_PARTS],
    languages: on,
  };
}

function int(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

function globs(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** 'auto', or a whole number of seeds from 1 to MAX_SEEDS (the setting offers "1".."10"; a number works too). */
function seedsSetting(value: unknown): number | 'auto' {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_SEEDS ? n : 'auto';
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const model = c.get<string>('model', DEFAULT_MODEL_KIND);
  return {
    include: globs(c.get('include'), DEFAULT_INCLUDE),
    exclude: globs(c.get('exclude'), []),
    maxFileSizeKB: int(c.get('maxFileSizeKB'), 2048, 1, 1024 * 1024),
    model: isModelKind(model) ? model : DEFAULT_MODEL_KIND,
    dimensions: int(c.get('dimensions'), 100, 2, 1000),
    window: int(c.get('window'), 5, 1, 50),
    negative: int(c.get('negative'), 5, 1, 50),
    epochs: int(c.get('epochs'), 0, 0, 1000),
    minCount: int(c.get('minCount'), 0, 0, 1_000_000),
    threads: int(c.get('threads'), 0, 0, 256),
    lowercase: c.get<boolean>('lowercase', true) !== false,
    hoverEnabled: c.get<boolean>('hover.enabled', true) !== false,
    hoverCount: int(c.get('hover.count'), 5, 1, 50),
    seeds: seedsSetting(c.get('seeds')),
    seedsBudgetSeconds: int(c.get('seedBudgetSeconds'), 180, 1, 86_400),
    code: codeSettings(c),
    loadLargeModelMB: int(c.get('load.largeModelMB'), 1024, 1, 1 << 30),
    loadCopyLimitMB: int(c.get('load.copyLimitMB'), 256, 0, 1 << 30),
  };
}
