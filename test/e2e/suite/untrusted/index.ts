// Suite of the restricted-mode run: the workspace is not trusted, so commands must refuse.
import { runFolder } from '../mochaRunner';

export function run(): Promise<void> {
  return runFolder(__dirname);
}
