import { Locale } from 'discord-api-types/v10';
import { discordLength, Errors, type FieldError } from './limits.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const maxLength = (max: number): FieldError => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
const badLength = (min: number, max: number): FieldError => ({
  code: 'BASE_TYPE_BAD_LENGTH',
  message: `Must be between ${min} and ${max} in length.`,
});

const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const INVALID_NAME: FieldError = { code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' };
const LOCALES = new Set<string>(Object.values(Locale));
const BAD_LOCALE: FieldError = {
  code: 'BASE_TYPE_CHOICES',
  message: `Value must be one of ${[...LOCALES].join(', ')}.`,
};

/**
 * A valid chat-input command or option name: Discord's regex, and lowercase wherever the letter has a lowercase form
 * (scripts without case, such as Chinese, pass as they are). Localized names follow the same rule.
 */
const validName = (name: unknown, chatInput = true): name is string =>
  typeof name === 'string' && COMMAND_NAME.test(name) && (!chatInput || name === name.toLowerCase());

/** Checks a bulk-overwrite list of application commands; errors are keyed by index like Discord's. */
export function checkCommands(list: unknown): Errors {
  const errors = new Errors();
  if (!Array.isArray(list)) {
    errors.add([], { code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
    return errors;
  }
  const commands = list.map((command: unknown) => (isObject(command) ? command : {}));
  commands.forEach((c, i) => {
    const type = typeof c.type === 'number' ? c.type : 1;
    checkNamed(errors, c, [i], type === 1, true);
  });
  // Names are unique per command type, in every locale (a localized name counts for its locale).
  checkUnique(errors, commands, [], (c) => String(typeof c.type === 'number' ? c.type : 1), {
    code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
    message: 'Application command names must be unique',
  });
  return errors;
}

const localizations = (item: Json): Json => (isObject(item.name_localizations) ? item.name_localizations : {});

/**
 * Flags a name used twice among siblings of the same `group`, in the default locale or in any locale one of them
 * localizes (where a sibling without that localization counts with its default name).
 */
function checkUnique(
  errors: Errors,
  items: Json[],
  path: Array<string | number>,
  group: (item: Json) => string,
  error: FieldError,
): void {
  const locales = new Set(items.flatMap((item) => Object.keys(localizations(item))));
  for (const locale of [null, ...locales]) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const localized = locale === null ? undefined : localizations(item)[locale];
      const key = `${group(item)}:${String(localized ?? item.name)}`;
      if (seen.has(key)) {
        errors.add(
          localized === undefined ? [...path, i, 'name'] : [...path, i, 'name_localizations', locale as string],
          error,
        );
      }
      seen.add(key);
    });
  }
}

/** Checks `name_localizations`: known locales, each value a valid name (for a command, one error for the whole map). */
function checkNameLocalizations(
  errors: Errors,
  item: Json,
  path: Array<string | number>,
  chatInput: boolean,
  topLevel: boolean,
): void {
  const map = item.name_localizations;
  if (map === undefined || map === null) return;
  if (!isObject(map)) {
    errors.add([...path, 'name_localizations'], {
      code: 'DICT_TYPE_CONVERT',
      message: 'Only dictionaries may be used in a DictType',
    });
    return;
  }
  for (const [locale, name] of Object.entries(map)) {
    if (!LOCALES.has(locale)) errors.add([...path, 'name_localizations', locale], BAD_LOCALE);
    else if (!validName(name, chatInput)) {
      // Discord reports a command's bad localized name on the whole map, an option's on its locale.
      errors.add(topLevel ? [...path, 'name_localizations'] : [...path, 'name_localizations', locale], INVALID_NAME);
    }
  }
}

/** Checks a map of localized texts (descriptions, choice names): known locales, each value `min`–`max` long. */
function checkTextLocalizations(errors: Errors, map: unknown, path: Array<string | number>, max: number): void {
  if (map === undefined || map === null) return;
  if (!isObject(map)) {
    errors.add(path, { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
    return;
  }
  for (const [locale, text] of Object.entries(map)) {
    const length = typeof text === 'string' ? discordLength(text) : 0;
    if (!LOCALES.has(locale)) errors.add([...path, locale], BAD_LOCALE);
    else if (length < 1 || length > max) errors.add([...path, locale], badLength(1, max));
  }
}

function checkNamed(
  errors: Errors,
  item: Json,
  path: Array<string | number>,
  chatInput: boolean,
  topLevel = false,
): void {
  if (!validName(item.name, chatInput)) errors.add([...path, 'name'], INVALID_NAME);
  checkNameLocalizations(errors, item, path, chatInput, topLevel);
  if (!chatInput) return;
  const description = typeof item.description === 'string' ? discordLength(item.description) : 0;
  if (description < 1 || description > 100) errors.add([...path, 'description'], badLength(1, 100));
  checkTextLocalizations(errors, item.description_localizations, [...path, 'description_localizations'], 100);
  const options = (Array.isArray(item.options) ? item.options : []).map((o: unknown) => (isObject(o) ? o : {}));
  if (options.length > 25) errors.add([...path, 'options'], maxLength(25));
  checkUnique(errors, options, [...path, 'options'], () => '', {
    code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
    message: 'Option names must be unique within a command',
  });
  let optionalSeen = false;
  options.forEach((o, j) => {
    checkNamed(errors, o, [...path, 'options', j], true);
    if (o.required === true && optionalSeen) {
      errors.add([...path, 'options', j, 'required'], {
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (o.required !== true && o.type !== 1 && o.type !== 2) optionalSeen = true;
    const choices = Array.isArray(o.choices) ? o.choices : [];
    if (choices.length > 25) errors.add([...path, 'options', j, 'choices'], maxLength(25));
    choices.forEach((choice: unknown, k) => {
      const c = isObject(choice) ? choice : {};
      const at = [...path, 'options', j, 'choices', k];
      const name = typeof c.name === 'string' ? discordLength(c.name) : 0;
      if (name < 1 || name > 100) errors.add([...at, 'name'], badLength(1, 100));
      checkTextLocalizations(errors, c.name_localizations, [...at, 'name_localizations'], 100);
      if (typeof c.value === 'string' && discordLength(c.value) > 100) errors.add([...at, 'value'], maxLength(100));
    });
  });
}

/** Checks an autocomplete result (callback type 8): at most 25 choices, names 1–100, string values ≤ 100. */
export function checkAutocomplete(data: Json): Errors {
  const errors = new Errors();
  const choices = Array.isArray(data.choices) ? data.choices : [];
  if (choices.length > 25) errors.add(['data', 'choices'], maxLength(25));
  choices.forEach((choice: unknown, i) => {
    const c = isObject(choice) ? choice : {};
    const name = typeof c.name === 'string' ? discordLength(c.name) : 0;
    if (name < 1 || name > 100) errors.add(['data', 'choices', i, 'name'], badLength(1, 100));
    if (typeof c.value === 'string' && discordLength(c.value) > 100) {
      errors.add(['data', 'choices', i, 'value'], maxLength(100));
    }
  });
  return errors;
}
