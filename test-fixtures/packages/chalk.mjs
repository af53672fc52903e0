// chalk: with stdout not a TTY (as when node's output is piped), styles are plain text.
import chalk, { supportsColor } from 'chalk';
console.log(chalk.green('ok'), chalk.red.bold('fail'), chalk.level, supportsColor);
const warn = (msg) => console.log(chalk.yellow(`warn: ${msg}`));
setTimeout(() => warn('later'), 5);
console.log(chalk.bgBlue.white(' badge '), `${chalk.dim('x')}`);
