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

/** Checks a bulk-overwrite list of application commands; errors are keyed by index like Discord's. */
export function checkCommands(list: unknown): Errors {
  const errors = new Errors();
  if (!Array.isArray(list)) {
    errors.add([], { code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
    return errors;
  }
  const seen = new Set<string>();
  list.forEach((command: unknown, i) => {
    const c = isObject(command) ? command : {};
    const type = typeof c.type === 'number' ? c.type : 1;
    checkNamed(errors, c, [i], type === 1);
    const key = `${type}:${String(c.name)}`;
    if (seen.has(key)) {
      errors.add([i, 'name'], {
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
    seen.add(key);
  });
  return errors;
}

function checkNamed(errors: Errors, item: Json, path: Array<string | number>, chatInput: boolean): void {
  const name = item.name;
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
    errors.add([...path, 'name'], { code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
  if (!chatInput) return;
  const description = typeof item.description === 'string' ? discordLength(item.description) : 0;
  if (description < 1 || description > 100) errors.add([...path, 'description'], badLength(1, 100));
  const options = Array.isArray(item.options) ? item.options : [];
  if (options.length > 25) errors.add([...path, 'options'], maxLength(25));
  let optionalSeen = false;
  options.forEach((option: unknown, j) => {
    const o = isObject(option) ? option : {};
    checkNamed(errors, o, [...path, 'options', j], true);
    if (o.required === true && optionalSeen) {
      errors.add([...path, 'options', j, 'required'], {
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (o.required !== true && o.type !== 1 && o.type !== 2) optionalSeen = true;
    if (Array.isArray(o.choices) && o.choices.length > 25)
      errors.add([...path, 'options', j, 'choices'], maxLength(25));
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
