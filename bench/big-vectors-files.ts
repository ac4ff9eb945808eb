export { bigWord, writeBigBinary } from "../test/factories/big-vectors";
