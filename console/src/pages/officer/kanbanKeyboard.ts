// Moving a lead card by keyboard: once lifted (space), the left and right arrows carry it to the
// stage column before or after the one it is over (one key press, one column), space drops it and
// Escape puts it back. dnd-kit's default moves 25 px per press, a dozen presses to cross a column.
import { KeyboardCode, type KeyboardCoordinateGetter, type UniqueIdentifier } from "@dnd-kit/core";

/** The column `step` places from `current` in `order`, kept within the board. */
export function neighbour<T>(order: readonly T[], current: T, step: number): T {
  const at = order.indexOf(current);
  return order[Math.min(order.length - 1, Math.max(0, (at < 0 ? 0 : at) + step))];
}

/** A coordinate getter for the board whose columns are the droppables `order`; the card being dragged
 * names its column in its data (`{ column }`). */
export function columnCoordinates(order: readonly UniqueIdentifier[]): KeyboardCoordinateGetter {
  return (event, { context, currentCoordinates }) => {
    const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
    if (!step) return undefined;
    event.preventDefault();
    const from = context.over?.id ?? (context.active?.data.current?.column as UniqueIdentifier | undefined);
    const target = from === undefined ? undefined : context.droppableRects.get(neighbour(order, from, step));
    const card = context.collisionRect;
    if (!target || !card) return currentCoordinates;
    return { x: target.left + (target.width - card.width) / 2, y: target.top + Math.min(48, target.height / 4) };
  };
}
